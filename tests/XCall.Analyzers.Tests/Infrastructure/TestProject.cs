using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace XCall.Analyzers.Tests.Infrastructure;

/// <summary>A source file of a test project: a path (relative to the project folder) and its text.</summary>
internal sealed record TestFile(string Path, string Text);

/// <summary>Builds the in-memory project a test analyzes: C# latest, net8.0 reference assemblies and XCall.dll.</summary>
internal static class TestProject
{
    /// <summary>Where test projects live; .editorconfig files apply by path, so the folder must be absolute.</summary>
    public const string Folder = "/test/";

    private static readonly ImmutableArray<MetadataReference> s_references =
        Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(XCallRuntime).Assembly.Location))
            .ToImmutableArray();

    /// <summary>A project of <paramref name="sources"/>, with an optional .editorconfig at its root.</summary>
    public static Project Create(ImmutableArray<TestFile> sources, string? editorConfig = null,
        LanguageVersion languageVersion = LanguageVersion.Latest)
    {
        var workspace = new AdhocWorkspace();
        ProjectId id = ProjectId.CreateNewId();
        var compilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true);
        Solution solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(id, VersionStamp.Default, "Test", "Test", LanguageNames.CSharp,
                filePath: Folder + "Test.csproj",
                compilationOptions: compilationOptions,
                parseOptions: new CSharpParseOptions(languageVersion),
                metadataReferences: s_references));
        foreach (TestFile source in sources)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(id), Path.GetFileName(source.Path), SourceText.From(source.Text),
                filePath: Folder + source.Path);
        }
        if (editorConfig is not null)
        {
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(id), ".editorconfig", SourceText.From(editorConfig),
                filePath: Folder + ".editorconfig");
        }
        return solution.GetProject(id)!;
    }
}
