using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using XCall.Analyzers.Declarations;
using XCall.Analyzers.Handlers;
using XCall.Generator;
using Xunit;

namespace XCall.Analyzers.Tests.Infrastructure;

/// <summary>Runs the XCall analyzers and code fixes on marked-up test sources (see <see cref="Markup"/>) and checks the result.</summary>
internal static class Verify
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> s_analyzers =
        ImmutableArray.Create<DiagnosticAnalyzer>(new DeclarationAnalyzer(), new HandlerBodyAnalyzer());

    /// <summary>Checks that analyzing <paramref name="markup"/> (one file) reports exactly the marked diagnostics; returns them in source order.</summary>
    public static Task<ImmutableArray<Diagnostic>> Diagnostics(string markup, string? editorConfig = null,
        LanguageVersion languageVersion = LanguageVersion.Latest) =>
        Diagnostics(new[] { new TestFile("Test.cs", markup) }, editorConfig, languageVersion);

    /// <summary>Checks that analyzing the marked-up <paramref name="files"/> reports exactly the marked diagnostics.</summary>
    public static async Task<ImmutableArray<Diagnostic>> Diagnostics(IEnumerable<TestFile> files, string? editorConfig = null,
        LanguageVersion languageVersion = LanguageVersion.Latest) =>
        (await Check(files, editorConfig, languageVersion)).Diagnostics;

    /// <summary>
    /// Like <see cref="Diagnostics(string, string?, LanguageVersion)"/>, with the XCall generator run first, as a build does: the
    /// source can call the senders it generates, and the analyzers see them.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> DiagnosticsAfterGenerator(string markup) =>
        (await Check(new[] { new TestFile("Test.cs", markup) }, generate: true)).Diagnostics;

    private static async Task<(Project Project, ImmutableArray<Diagnostic> Diagnostics)> Check(IEnumerable<TestFile> files,
        string? editorConfig = null, LanguageVersion languageVersion = LanguageVersion.Latest, bool generate = false)
    {
        var parsed = files.Select(file => (file.Path, Markup: Markup.Parse(file.Text))).ToList();
        Project project = TestProject.Create(parsed.Select(file => new TestFile(file.Path, file.Markup.Source)).ToImmutableArray(),
            editorConfig, languageVersion);
        ImmutableArray<Diagnostic> actual = await Analyze(project, generate: generate);

        var expected = parsed.SelectMany(file => file.Markup.Expected.Select(e => Describe(TestProject.Folder + file.Path, e.Id, e.Span.Start, e.Span.End)));
        var reported = actual.Select(d => Describe(d.Location.SourceTree!.FilePath, d.Id, d.Location.SourceSpan.Start, d.Location.SourceSpan.End));
        Assert.True(expected.OrderBy(x => x).SequenceEqual(reported.OrderBy(x => x)),
            $"Expected:\n  {string.Join("\n  ", expected.OrderBy(x => x))}\nActual:\n  {string.Join("\n  ", actual.Select(Describe))}");
        return (project, actual);
    }

    /// <summary>
    /// Runs both analyzers on <paramref name="project"/> (after the XCall generator if <paramref name="generate"/>), which must
    /// compile unless <paramref name="broken"/>; fails on any analyzer exception.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> Analyze(Project project, bool broken = false, bool generate = false)
    {
        Compilation compilation = (await project.GetCompilationAsync())!;
        if (generate)
        {
            CSharpGeneratorDriver.Create(new[] { new XCallGenerator().AsSourceGenerator() }, parseOptions: (CSharpParseOptions)project.ParseOptions!)
                .RunGeneratorsAndUpdateCompilation(compilation, out compilation, out ImmutableArray<Diagnostic> generatorDiagnostics);
            Assert.Empty(generatorDiagnostics);
        }
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(broken ? errors.Length > 0 : errors.Length == 0, "The test source does not compile as expected:\n" + string.Join("\n", errors.Select(e => e.ToString())));

        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(project.AnalyzerOptions, (exception, _, _) => exceptions.Add(exception),
            concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(s_analyzers, options).GetAnalyzerDiagnosticsAsync();
        Assert.True(exceptions.Count == 0, "An analyzer threw:\n" + string.Join("\n", exceptions));
        return diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id).ToImmutableArray();
    }

    /// <summary>
    /// Applies <paramref name="fix"/> to the first diagnostic it can fix in the marked-up <paramref name="files"/> (the action titled
    /// <paramref name="title"/>, or the only one), or to all of them with its FixAll provider, and checks every file's text afterwards.
    /// </summary>
    public static async Task CodeFix(CodeFixProvider fix, IEnumerable<TestFile> files, IEnumerable<TestFile> expected,
        string? title = null, bool fixAll = false)
    {
        (Project project, ImmutableArray<Diagnostic> all) = await Check(files);
        ImmutableArray<Diagnostic> diagnostics = all.Where(d => fix.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray();
        Diagnostic first = Assert.IsType<Diagnostic>(diagnostics.FirstOrDefault(), exactMatch: false);
        Document document = project.GetDocument(first.Location.SourceTree)!;

        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, first, (action, _) => actions.Add(action), CancellationToken.None));
        CodeAction chosen = title is null ? Assert.Single(actions) : Assert.Single(actions, action => action.Title == title);
        if (fixAll)
        {
            var context = new FixAllContext(document, fix, FixAllScope.Solution, chosen.EquivalenceKey, fix.FixableDiagnosticIds,
                new FixedDiagnostics(diagnostics), CancellationToken.None);
            chosen = (await fix.GetFixAllProvider()!.GetFixAsync(context))!;
        }

        ImmutableArray<CodeActionOperation> operations = await chosen.GetOperationsAsync(CancellationToken.None);
        Solution changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
        foreach (TestFile file in expected)
        {
            Document after = changed.Projects.Single().Documents.Single(d => d.FilePath == TestProject.Folder + file.Path);
            Assert.Equal(file.Text, (await after.GetTextAsync()).ToString());
        }
    }

    /// <summary>The titles of the actions <paramref name="fix"/> offers for each fixable diagnostic of <paramref name="markup"/>, in source order.</summary>
    public static Task<ImmutableArray<string>> CodeFixTitles(CodeFixProvider fix, string markup) =>
        CodeFixTitles(fix, new[] { new TestFile("Test.cs", markup) });

    /// <summary>The titles of the actions <paramref name="fix"/> offers for each fixable diagnostic of the marked-up <paramref name="files"/>.</summary>
    public static async Task<ImmutableArray<string>> CodeFixTitles(CodeFixProvider fix, IEnumerable<TestFile> files)
    {
        (Project project, ImmutableArray<Diagnostic> all) = await Check(files);
        var titles = ImmutableArray.CreateBuilder<string>();
        foreach (Diagnostic diagnostic in all.Where(d => fix.FixableDiagnosticIds.Contains(d.Id)))
        {
            Document document = project.GetDocument(diagnostic.Location.SourceTree)!;
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => titles.Add(action.Title), CancellationToken.None));
        }
        return titles.ToImmutable();
    }

    /// <summary>The one-file form of <see cref="CodeFix(CodeFixProvider, IEnumerable{TestFile}, IEnumerable{TestFile}, string?, bool)"/>.</summary>
    public static Task CodeFix(CodeFixProvider fix, string markup, string expected, string? title = null, bool fixAll = false) =>
        CodeFix(fix, new[] { new TestFile("Test.cs", markup) }, new[] { new TestFile("Test.cs", expected) }, title, fixAll);

    private static string Describe(string path, string id, int start, int end) => $"{id} {path}[{start}..{end})";

    private static string Describe(Diagnostic d) =>
        $"{Describe(d.Location.SourceTree!.FilePath, d.Id, d.Location.SourceSpan.Start, d.Location.SourceSpan.End)} " +
        $"'{d.Location.SourceTree.GetText().ToString(d.Location.SourceSpan)}': {d.GetMessage()}";

    /// <summary>The diagnostics a FixAll works through: the ones the test already computed.</summary>
    private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(_diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());
    }
}
