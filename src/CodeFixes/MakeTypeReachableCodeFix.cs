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
/// XC0020 and XC0021: gives the type the report points at an accessibility generated code can reach: internal for a file-local,
/// private or private protected type, protected internal for a protected one. Never less accessible than before, so no member
/// that uses the type breaks. Not offered where it would not help or not be safe: a generic type (XC0021: still generic), or
/// a file-local type whose name a type of the same namespace already has (without <c>file</c>, the two would clash or merge).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeTypeReachableCodeFix)), Shared]
public sealed class MakeTypeReachableCodeFix : CodeFixProvider
{
    private static readonly string s_fileLocal = XCallDiagnostics.ContainingTypeIsFileLocal.Id;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(s_fileLocal, XCallDiagnostics.IpiHandlerUnreachable.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan).AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault() is not { } declaration
                || model.GetDeclaredSymbol(declaration, context.CancellationToken) is not INamedTypeSymbol type
                || Reachable(diagnostic.Id, type) is not { } accessibility)
                continue;
            string keyword = accessibility == Accessibility.Internal ? "internal" : "protected internal";
            context.RegisterCodeFix(
                CodeAction.Create($"Make '{type.Name}' {keyword}", cancellation => Change(context.Document, declaration, accessibility, cancellation),
                    equivalenceKey: diagnostic.Id),
                diagnostic);
        }
    }

    /// <summary>The accessibility that fixes report <paramref name="id"/> on <paramref name="type"/>, or null when none does.</summary>
    private static Accessibility? Reachable(string id, INamedTypeSymbol type)
    {
        if (id == s_fileLocal)
            return type.ContainingNamespace.GetTypeMembers(type.Name, type.Arity).Any(other => !other.IsFileLocal) ? null : Accessibility.Internal;
        if (!type.TypeParameters.IsEmpty) return null;
        return type.DeclaredAccessibility switch
        {
            Accessibility.Protected => Accessibility.ProtectedOrInternal,
            Accessibility.Private or Accessibility.ProtectedAndInternal => Accessibility.Internal,
            _ => null,
        };
    }

    private static async Task<Document> Change(Document document, TypeDeclarationSyntax declaration, Accessibility accessibility, CancellationToken cancellation)
    {
        DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellation).ConfigureAwait(false);
        editor.SetModifiers(declaration, editor.Generator.GetModifiers(declaration).WithIsFile(false));
        editor.SetAccessibility(declaration, accessibility);
        return editor.GetChangedDocument();
    }
}
