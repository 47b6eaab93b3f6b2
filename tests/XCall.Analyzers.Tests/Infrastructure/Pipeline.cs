using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using XCall.Analyzers.Declarations;
using XCall.Analyzers.Handlers;
using XCall.Generator;
using Xunit;

namespace XCall.Analyzers.Tests.Infrastructure;

/// <summary>
/// What the testing library does not do: run the XCall generator and both analyzers over code whatever it reports (half-typed
/// code, or each shape of a matrix) and hand back everything, failing only if the generator or an analyzer threw.
/// </summary>
internal static class Pipeline
{
    private static readonly ImmutableArray<MetadataReference> s_references =
        Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(XCallRuntime).Assembly.Location))
            .ToImmutableArray();

    /// <summary>One run: the compilation with the generated files, the generated trees, and what the analyzers reported.</summary>
    public sealed record Run(Compilation Output, ImmutableArray<SyntaxTree> Generated, ImmutableArray<Diagnostic> Reported);

    /// <summary>Compiles <paramref name="source"/>, runs the XCall generator, then both analyzers.</summary>
    public static async Task<Run> RunAsync(string source)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        Compilation compilation = CSharpCompilation.Create("Test", new[] { CSharpSyntaxTree.ParseText(source, parse, path: "/0/Test0.cs") }, s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new XCallGenerator().AsSourceGenerator() }, parseOptions: parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        GeneratorRunResult generator = driver.GetRunResult().Results.Single();
        Assert.True(generator.Exception is null, "The generator threw (CS8785): " + generator.Exception);

        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, _, _) => exceptions.Add(exception), concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> reported = await output
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new DeclarationAnalyzer(), new HandlerBodyAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync();
        Assert.True(exceptions.Count == 0, "An analyzer threw (AD0001):\n" + string.Join("\n", exceptions));
        return new Run(output, generator.GeneratedSources.Select(generated => generated.SyntaxTree).ToImmutableArray(), reported);
    }
}
