using System.Threading.Tasks;
using XCall.Analyzers.Tests.Infrastructure;
using Xunit;

namespace XCall.Analyzers.Tests.Declarations;

/// <summary>XC0019: [Vetted] silences reports, so it must say why.</summary>
public sealed class VettedReasonTests
{
    [Fact]
    public async Task An_empty_or_blank_reason_is_reported_at_the_attribute_on_any_kind_of_member()
    {
        await Verify.Diagnostics("""
            using XCall;
            [{|#0:Vetted("")|}]
            static class Cache
            {
                [{|#1:Vetted("   ")|}]
                static void Grow() { }

                [{|XC0019:Vetted("")|}]
                static int Size => 0;

                static void Local()
                {
                    [{|XC0019:Vetted(" ")|}]
                    static void Inner() { }
                    Inner();
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.VettedWithoutReason).WithLocation(0).WithMessage("[Vetted] on 'Cache' needs a reason a reviewer can check: say why the allocation or wait is acceptable"),
            Verify.Diagnostic(XCallDiagnostics.VettedWithoutReason).WithLocation(1).WithMessage("[Vetted] on 'Cache.Grow()' needs a reason a reviewer can check: say why the allocation or wait is acceptable"));
    }

    [Fact]
    public async Task A_reason_in_words_is_fine()
    {
        await Verify.Diagnostics("""
            using XCall;
            static class Cache
            {
                [Vetted("grows only on first use per core")]
                static void Grow() { }
            }
            """);
    }
}
