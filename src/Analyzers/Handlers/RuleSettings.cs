using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace XCall.Analyzers.Handlers;

/// <summary>
/// Whether a rule is on at a place: not turned off by <c>severity = none</c> in .editorconfig (for that file), a global config,
/// <c>/nowarn</c>, nor a <c>#pragma warning disable</c> in force there. A finding whose rule is off does not travel up call
/// chains either: turning off XC1002 also silences boxing reached through calls.
/// </summary>
internal sealed class RuleSettings
{
    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellation;
    private readonly ConcurrentDictionary<SyntaxTree, ImmutableArray<PragmaWarningDirectiveTriviaSyntax>> _pragmas = new();

    public RuleSettings(Compilation compilation, CancellationToken cancellation)
    {
        _compilation = compilation;
        _cancellation = cancellation;
    }

    public bool IsOn(Finding finding, Location at) => !IsOff(finding.Rule.Id, at);

    private bool IsOff(string id, Location at)
    {
        SyntaxTree? tree = at.SourceTree;
        if (tree is not null && DisabledByPragma(tree, id, at.SourceSpan.Start)) return true;
        if (_compilation.Options.SyntaxTreeOptionsProvider is { } provider)
        {
            if (tree is not null && provider.TryGetDiagnosticValue(tree, id, _cancellation, out ReportDiagnostic local))
                return local == ReportDiagnostic.Suppress;
            if (provider.TryGetGlobalDiagnosticValue(id, _cancellation, out ReportDiagnostic global))
                return global == ReportDiagnostic.Suppress;
        }
        return _compilation.Options.SpecificDiagnosticOptions.TryGetValue(id, out ReportDiagnostic specific) && specific == ReportDiagnostic.Suppress;
    }

    /// <summary>Whether the last <c>#pragma warning</c> before <paramref name="position"/> that names <paramref name="id"/> (or names none) disables it.</summary>
    private bool DisabledByPragma(SyntaxTree tree, string id, int position)
    {
        ImmutableArray<PragmaWarningDirectiveTriviaSyntax> pragmas = _pragmas.GetOrAdd(tree, tree =>
            tree.GetRoot(_cancellation).DescendantTrivia(descendIntoTrivia: true)
                .Select(trivia => trivia.GetStructure()).OfType<PragmaWarningDirectiveTriviaSyntax>().ToImmutableArray());
        bool disabled = false;
        foreach (PragmaWarningDirectiveTriviaSyntax pragma in pragmas.TakeWhile(pragma => pragma.SpanStart < position))
        {
            bool names = pragma.ErrorCodes.Count == 0 || pragma.ErrorCodes.Any(code => code is IdentifierNameSyntax name && name.Identifier.ValueText == id);
            if (names) disabled = pragma.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword);
        }
        return disabled;
    }
}
