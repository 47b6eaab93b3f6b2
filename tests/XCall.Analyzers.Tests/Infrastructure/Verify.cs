using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using XCall.Analyzers.Declarations;
using XCall.Analyzers.Handlers;
using XCall.Generator;

namespace XCall.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs the XCall analyzers (both, as a build does) and code fixes through the Roslyn testing library. Sources mark what they
/// expect inline: <c>{|XC1006:new List&lt;int&gt;()|}</c> expects XC1006 exactly there; <c>{|#0:…|}</c> marks a place that an
/// expected <see cref="DiagnosticResult"/> names with <c>WithLocation(0)</c>, to check its message too.
/// </summary>
internal static class Verify
{
    /// <summary>An expected diagnostic of <paramref name="rule"/>.</summary>
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor rule) => new(rule);

    /// <summary>Checks that analyzing <paramref name="source"/> reports exactly the marked and the <paramref name="expected"/> diagnostics.</summary>
    public static Task Diagnostics(string source, params DiagnosticResult[] expected) => new Test(source, expected).RunAsync();

    /// <summary>Like <see cref="Diagnostics(string, DiagnosticResult[])"/>, for a test set up further (several files, .editorconfig, language version, …).</summary>
    public static Task Diagnostics(Action<Test> setUp, params DiagnosticResult[] expected)
    {
        var test = new Test(null, expected);
        setUp(test);
        return test.RunAsync();
    }

    /// <summary>Applies <paramref name="fix"/> to the marked diagnostics of <paramref name="source"/> and checks the result is <paramref name="fixedSource"/>.</summary>
    public static Task CodeFix(CodeFixProvider fix, string source, string fixedSource, string? equivalenceKey = null) =>
        new Test(source, Array.Empty<DiagnosticResult>(), fix) { FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey }.RunAsync();

    /// <summary>A test of the XCall analyzers, and of one code fix when given.</summary>
    public sealed class Test : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, EmptyCodeFixProvider, DefaultVerifier>
    {
        private static readonly ImmutableArray<MetadataReference> s_references =
            Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>()
                .Append(MetadataReference.CreateFromFile(typeof(XCallRuntime).Assembly.Location))
                .ToImmutableArray();

        private readonly CodeFixProvider? _fix;

        public Test(string? source, IEnumerable<DiagnosticResult> expected, CodeFixProvider? fix = null)
        {
            _fix = fix;
            if (source is not null) TestCode = source;
            ExpectedDiagnostics.AddRange(expected);
            // The .NET 8 reference assemblies and XCall.dll, from this machine: nothing is downloaded.
            ReferenceAssemblies = new ReferenceAssemblies("net8.0");
            TestState.AdditionalReferences.AddRange(s_references);
            // A diagnostic left after a fix (one the fix does not apply to) is marked in the fixed code like any other.
            FixedState.MarkupHandling = MarkupMode.Allow;
            // Declaration rules are reported from symbol actions, at a place in the document being fixed.
            CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        }

        /// <summary>The C# version the sources are parsed with.</summary>
        public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

        /// <summary>Whether the XCall generator runs before the analyzers, as in a build (its output is not compared).</summary>
        public bool RunGenerator { get; set; }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => new DiagnosticAnalyzer[] { new DeclarationAnalyzer(), new HandlerBodyAnalyzer() };

        protected override IEnumerable<CodeFixProvider> GetCodeFixProviders() => _fix is null ? Enumerable.Empty<CodeFixProvider>() : new[] { _fix };

        protected override IEnumerable<Type> GetSourceGenerators() => RunGenerator ? new[] { typeof(XCallGenerator) } : Enumerable.Empty<Type>();

        protected override ParseOptions CreateParseOptions() => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithAllowUnsafe(true).WithNullableContextOptions(NullableContextOptions.Enable);

        public new Task RunAsync(CancellationToken cancellationToken = default)
        {
            if (RunGenerator) TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
            return base.RunAsync(cancellationToken);
        }
    }
}
