using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using XCall.Generator.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace XCall.Generator.Tests;

public sealed class ScaleTests(ITestOutputHelper output)
{
    [Fact]
    public void A_thousand_cross_calls_and_a_thousand_ipi_handlers_each_get_their_file()
    {
        const int Count = 1000;
        var source = new StringBuilder("using XCall;\nnamespace Scale;\ninternal readonly record struct Message(int Value);\ninternal static partial class Handlers\n{\n");
        for (int i = 0; i < Count; i++)
        {
            source.AppendLine($"    [CrossCall(CallMode.Sync)] private static int Call{i}(int value, long other) => value;");
            source.AppendLine($"    [IpiHandler({i})] private static void Message{i}(in IpiContext context, in Message message) {{ }}");
        }
        source.AppendLine("}");

        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(source.ToString()));
        GeneratorDriver again = driver.RunGenerators(GeneratorHarness.Compile(source.ToString() + "\n"));

        GeneratorDriverRunResult result = again.GetRunResult();
        Assert.Null(result.Results.Single().Exception);
        Assert.Equal(2 * Count + 1, result.GeneratedTrees.Length);
        output.WriteLine($"{Count} cross calls and {Count} IPI handlers: {driver.GetTimingInfo().ElapsedTime.TotalMilliseconds:F0} ms cold, "
            + $"{again.GetTimingInfo().ElapsedTime.TotalMilliseconds:F0} ms over a fresh compilation of the same code; "
            + $"{result.GeneratedTrees.Sum(tree => tree.Length) / 1024} KB generated.");
    }
}
