using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace XCall.Generator.Tests.Infrastructure;

/// <summary>
/// Compiles test sources against .NET 8 and the runtime's net8.0 build (the reference sets Basic.Reference.Assemblies
/// has; the test project itself compiles its samples against .NET 10), and runs the generator over them.
/// </summary>
internal static class GeneratorHarness
{
    /// <summary>Doc comments are parsed and checked, as in a project that generates its documentation file.</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly ImmutableArray<MetadataReference> s_references =
    [
        .. Net80.References.All,
        MetadataReference.CreateFromStream(typeof(GeneratorHarness).Assembly.GetManifestResourceStream("XCall.net8.0.dll")!),
    ];

    public static CSharpCompilation Compile(params string[] sources) => Compile(OutputKind.DynamicallyLinkedLibrary, sources);

    public static CSharpCompilation Compile(OutputKind kind, params string[] sources) => CSharpCompilation.Create(
        "Sample",
        sources.Select((source, index) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{index}.cs")),
        s_references,
        new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    /// <summary>A driver that tracks its steps, so tests can read the models and their incremental states.</summary>
    public static GeneratorDriver CreateDriver() => CSharpGeneratorDriver.Create(
        [new XCallGenerator().AsSourceGenerator()],
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once over <paramref name="sources"/>: its result, and the compilation with the generated files.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(params string[] sources) => Run(Compile(sources));

    /// <summary>Runs the generator once over <paramref name="compilation"/>: its result, and the compilation with the generated files.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(Compilation compilation)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        return (driver.GetRunResult().Results.Single(), output);
    }

    /// <summary>Every generated file, in hint-name order, each under a header naming it.</summary>
    public static string Describe(GeneratorRunResult result) => string.Join("\n", result.GeneratedSources
        .OrderBy(source => source.HintName, System.StringComparer.Ordinal)
        .Select(source => $"// ===== {source.HintName} =====\n{source.SourceText}"));
}
