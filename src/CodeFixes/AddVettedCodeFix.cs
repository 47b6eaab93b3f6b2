using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using XCall.Analyzers;
using XCall.Shared;

namespace XCall.CodeFixes;

/// <summary>
/// Every XC1xxx/XC2xxx report: marks the handler (or the local function) holding it as <c>[Vetted("TODO: …")]</c>; for a report
/// through a call, also offers to vet the called method instead. The TODO reason is for the reviewer to replace.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddVettedCodeFix)), Shared]
public sealed class AddVettedCodeFix : CodeFixProvider
{
    public const string Reason = "TODO: why this may allocate or block on a core";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = XCallDiagnostics
        .InCategories(XCallDiagnostics.AllocationCategory, XCallDiagnostics.BlockingCategory)
        .Select(descriptor => descriptor.Id).ToImmutableArray();

    /// <summary>No FixAll: each vetting needs its own reason.</summary>
    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Document document = context.Document;
        SyntaxNode? root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model?.Compilation.GetTypeByMetadataName(XCallNames.VettedAttribute) is not { } vetted) return;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            SyntaxNode reported = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            foreach (ISymbol? target in Targets(reported, model, context.CancellationToken).Distinct(SymbolEqualityComparer.Default))
            {
                if (target is null || Declaration(target, context.CancellationToken) is not { } declaration) continue;
                context.RegisterCodeFix(
                    CodeAction.Create($"Mark '{target.Name}' as [Vetted]", cancellation => Vet(document.Project.Solution, declaration, vetted, cancellation),
                        equivalenceKey: "Vet " + target.Name),
                    diagnostic);
            }
        }
    }

    /// <summary>The function holding the report, then (for a report through a call) the member it calls.</summary>
    private static IEnumerable<ISymbol?> Targets(SyntaxNode reported, SemanticModel model, CancellationToken cancellation)
    {
        SyntaxNode? holder = reported.AncestorsAndSelf().FirstOrDefault(node => node is LocalFunctionStatementSyntax or MemberDeclarationSyntax);
        yield return holder is null ? null : model.GetDeclaredSymbol(holder, cancellation);
        ISymbol? called = model.GetSymbolInfo(reported, cancellation).Symbol;
        if (called is IMethodSymbol or IPropertySymbol && called.Locations.Any(location => location.IsInSource)) yield return called;
    }

    private static SyntaxReference? Declaration(ISymbol symbol, CancellationToken cancellation) =>
        symbol.DeclaringSyntaxReferences.FirstOrDefault(reference =>
            reference.GetSyntax(cancellation) is LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or PropertyDeclarationSyntax);

    private static async Task<Solution> Vet(Solution solution, SyntaxReference declaration, INamedTypeSymbol vetted, CancellationToken cancellation)
    {
        Document document = solution.GetDocument(declaration.SyntaxTree)!;
        DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellation).ConfigureAwait(false);
        SyntaxGenerator generator = editor.Generator;
        SyntaxNode attribute = generator.Attribute(generator.TypeExpression(vetted), new[] { generator.LiteralExpression(Reason) });
        editor.AddAttribute(await declaration.GetSyntaxAsync(cancellation).ConfigureAwait(false), attribute);
        return editor.GetChangedDocument().Project.Solution;
    }
}
