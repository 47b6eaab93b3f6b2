using System.Threading.Tasks;
using XCall.Analyzers.Tests.Infrastructure;
using Xunit;

namespace XCall.Analyzers.Tests.Declarations;

public sealed class CrossCallDeclarationTests
{
    [Fact]
    public async Task An_instance_cross_call_is_reported_at_its_name()
    {
        var diagnostics = await Verify.Diagnostics("""
            using XCall;
            partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                void {|XC0001:Flush|}() { }
            }
            """);
        Assert.Equal("[CrossCall] method 'Flush' must be static", diagnostics[0].GetMessage());
    }
}
