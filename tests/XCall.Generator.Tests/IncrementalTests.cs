using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using XCall.Generator.Tests.Infrastructure;
using Xunit;
using Steps = XCall.Generator.XCallGenerator.Steps;

namespace XCall.Generator.Tests;

/// <summary>What each tracked step does when the code changes: nothing for unrelated edits, the least for related ones.</summary>
public sealed class IncrementalTests
{
    private const string Handlers = """
        using XCall;

        namespace Shop;

        internal static partial class Stock
        {
            [CrossCall(CallMode.Sync)]
            private static int Reserve(long sku, int count) => count;

            [CrossCall(CallMode.Async)]
            private static void Restock(long sku) { }
        }

        internal readonly record struct Ping(int Value);

        internal static partial class Node
        {
            [IpiHandler(3)]
            private static void OnPing(in IpiContext context, in Ping ping) { }
        }
        """;

    private const string Unrelated = """
        namespace Shop;

        internal static class Helpers
        {
            public static int Twice(int value) => 2 * value;
        }
        """;

    private static readonly string[] s_steps = [Steps.CrossCalls, Steps.IpiHandlers, Steps.IpiTable];

    [Fact]
    public void An_edit_outside_annotated_code_leaves_every_tracked_step_cached_or_unchanged()
    {
        GeneratorRunResult result = RunAgainAfter(1, Unrelated, Unrelated.Replace("2 * value", "value + value"));

        Assert.All(s_steps, step => Assert.All(Reasons(result, step), IsUnchanged));
        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs), output => IsUnchanged(output.Reason));
    }

    [Fact]
    public void An_edit_inside_a_handlers_body_regenerates_nothing()
    {
        GeneratorRunResult result = RunAgainAfter(0, Handlers, Handlers.Replace("=> count;", "=> count + 1;"));

        Assert.All(s_steps, step => Assert.All(Reasons(result, step), IsUnchanged));
    }

    [Fact]
    public void Changing_one_cross_calls_signature_reruns_only_that_cross_call()
    {
        GeneratorRunResult result = RunAgainAfter(0, Handlers, Handlers.Replace("int count", "long count"));

        List<IncrementalStepRunReason> crossCalls = Reasons(result, Steps.CrossCalls);
        Assert.Equal(2, crossCalls.Count);
        Assert.Equal(IncrementalStepRunReason.Modified, crossCalls[0]);
        IsUnchanged(crossCalls[1]);
        Assert.All(Reasons(result, Steps.IpiHandlers), IsUnchanged);
        Assert.All(Reasons(result, Steps.IpiTable), IsUnchanged);
    }

    [Fact]
    public void Changing_an_ipi_handlers_type_id_reruns_that_handler_and_the_table_only()
    {
        GeneratorRunResult result = RunAgainAfter(0, Handlers, Handlers.Replace("[IpiHandler(3)]", "[IpiHandler(4)]"));

        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(result, Steps.IpiHandlers));
        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(result, Steps.IpiTable));
        Assert.All(Reasons(result, Steps.CrossCalls), IsUnchanged);
    }

    /// <summary>Runs the generator over both sources, replaces source <paramref name="index"/> with <paramref name="edited"/>, and runs it again.</summary>
    private static GeneratorRunResult RunAgainAfter(int index, string original, string edited)
    {
        Assert.NotEqual(original, edited);
        CSharpCompilation compilation = GeneratorHarness.Compile(Handlers, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        SyntaxTree tree = compilation.SyntaxTrees[index];
        CSharpCompilation changed = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(edited)));
        return driver.RunGenerators(changed).GetRunResult().Results.Single();
    }

    private static List<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(run => run.Outputs).Select(output => output.Reason).ToList();

    private static void IsUnchanged(IncrementalStepRunReason reason) =>
        Assert.Contains(reason, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged });
}
