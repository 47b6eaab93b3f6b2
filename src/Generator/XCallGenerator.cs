using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using XCall.Generator.Models;
using XCall.Shared;

namespace XCall.Generator;

/// <summary>
/// Turns <c>[CrossCall]</c> methods into handler structs and type-safe senders, and <c>[IpiHandler]</c> methods into
/// handler structs plus the assembly's IPI dispatch table. Methods the rules in <c>XCall.Shared</c> reject are skipped,
/// and the analyzers, reading the same rules, report why: the user hears of a problem in one place (a diagnostic with a
/// code fix and a help page), so this generator reports nothing itself (docs/design.md, "The generator and the analyzers").
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class XCallGenerator : IIncrementalGenerator
{
    /// <summary>The names of the tracked pipeline steps, for incremental tests.</summary>
    internal static class Steps
    {
        public const string CrossCalls = "CrossCalls";
        public const string IpiHandlers = "IpiHandlers";
        public const string IpiTable = "IpiTable";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<CrossCallModel> crossCalls =
            Annotated(context.SyntaxProvider, XCallNames.CrossCallAttribute, Parser.ParseCrossCall, Steps.CrossCalls);
        context.RegisterSourceOutput(crossCalls, Emitter.EmitCrossCall);

        IncrementalValuesProvider<IpiHandlerModel> ipiHandlers =
            Annotated(context.SyntaxProvider, XCallNames.IpiHandlerAttribute, Parser.ParseIpiHandler, Steps.IpiHandlers);
        context.RegisterSourceOutput(ipiHandlers, Emitter.EmitIpiHandler);

        IncrementalValueProvider<IpiTableModel> table = ipiHandlers
            .Select((handler, _) => handler.ToTableEntry())
            .Collect()
            .Select((entries, _) => new IpiTableModel(entries
                .OrderBy(entry => entry.Type)
                .ThenBy(entry => entry.Register, StringComparer.Ordinal)
                .ToEquatableArray()))
            .WithTrackingName(Steps.IpiTable);
        context.RegisterSourceOutput(table, Emitter.EmitIpiTable);
    }

    /// <summary>The models of the methods carrying <paramref name="attribute"/>, without the ones the parser skipped.</summary>
    private static IncrementalValuesProvider<T> Annotated<T>(SyntaxValueProvider syntax, string attribute,
        Func<GeneratorAttributeSyntaxContext, CancellationToken, T?> parse, string step)
        where T : class
        => syntax.ForAttributeWithMetadataName(attribute, Parser.IsMethod, parse)
            .Where(model => model is not null)
            .Select((model, _) => model!)
            .WithTrackingName(step);
}
