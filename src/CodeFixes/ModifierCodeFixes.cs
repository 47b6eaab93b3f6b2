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

namespace XCall.CodeFixes;

/// <summary>
/// Adds one modifier to the declaration a diagnostic points into (the generator needs it there). SyntaxGenerator keeps the
/// modifiers in the usual order and the trivia where it was.
/// </summary>
public abstract class AddModifierCodeFix<TDeclaration> : CodeFixProvider
    where TDeclaration : SyntaxNode
{
    private readonly string _diagnosticId;
    private readonly DeclarationModifiers _modifier;
    private readonly string _keyword;

    private protected AddModifierCodeFix(DiagnosticDescriptor rule, DeclarationModifiers modifier, string keyword)
    {
        _diagnosticId = rule.Id;
        _modifier = modifier;
        _keyword = keyword;
    }

    public sealed override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(_diagnosticId);

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan).AncestorsAndSelf().OfType<TDeclaration>().FirstOrDefault() is not { } declaration)
                continue;
            string title = $"Make '{SyntaxGenerator.GetGenerator(context.Document).GetName(declaration)}' {_keyword}";
            context.RegisterCodeFix(
                CodeAction.Create(title, cancellation => AddModifier(context.Document, declaration, cancellation), equivalenceKey: _diagnosticId),
                diagnostic);
        }
    }

    private async Task<Document> AddModifier(Document document, TDeclaration declaration, CancellationToken cancellation)
    {
        DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellation).ConfigureAwait(false);
        editor.SetModifiers(declaration, editor.Generator.GetModifiers(declaration) | _modifier);
        return editor.GetChangedDocument();
    }
}

/// <summary>XC0004: makes the type partial, so the generator can add the senders. FixAll makes every type around a handler partial.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeTypePartialCodeFix)), Shared]
public sealed class MakeTypePartialCodeFix() : AddModifierCodeFix<TypeDeclarationSyntax>(XCallDiagnostics.ContainingTypeNotPartial, DeclarationModifiers.Partial, "partial");

/// <summary>XC0001: makes the handler static (if it used instance state, the compiler now says where).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeMethodStaticCodeFix)), Shared]
public sealed class MakeMethodStaticCodeFix() : AddModifierCodeFix<MethodDeclarationSyntax>(XCallDiagnostics.NotStatic, DeclarationModifiers.Static, "static");
