using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using XCall.Analyzers;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace XCall.CodeFixes;

/// <summary>
/// XC1001: when the method has an overload taking <c>ReadOnlySpan&lt;T&gt;</c> (or <c>Span&lt;T&gt;</c>) where the other takes
/// <c>params T[]</c>, passes the arguments as a collection expression, <c>Sum([1, 2, 3])</c>: C# 12 binds it to the span
/// overload and builds the span on the stack.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseSpanOverloadCodeFix)), Shared]
public sealed class UseSpanOverloadCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(XCallDiagnostics.ParamsArray.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        Document document = context.Document;
        SyntaxNode? root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || root.SyntaxTree.Options is not CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp12 })
            return;
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call
                || model.GetOperation(call, context.CancellationToken) is not IInvocationOperation invocation
                || !HasSpanOverload(invocation.TargetMethod)
                || call.ArgumentList.Arguments.Any(argument => argument.NameColon is not null))
                continue;
            int first = invocation.TargetMethod.Parameters.Length - 1;
            context.RegisterCodeFix(
                CodeAction.Create($"Pass a span to '{invocation.TargetMethod.Name}'",
                    _ => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(call, PassSpan(call, first)))),
                    equivalenceKey: nameof(UseSpanOverloadCodeFix)),
                diagnostic);
        }
    }

    /// <summary>Whether a sibling of <paramref name="method"/> takes a span of the params element type instead of the array.</summary>
    private static bool HasSpanOverload(IMethodSymbol method)
    {
        if (method.Parameters.LastOrDefault() is not { IsParams: true, Type: IArrayTypeSymbol array }) return false;
        return method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Any(candidate =>
            candidate.IsStatic == method.IsStatic
            && candidate.Parameters.Length == method.Parameters.Length
            && candidate.Parameters.Take(candidate.Parameters.Length - 1).Zip(method.Parameters, (a, b) =>
                a.RefKind == b.RefKind && SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(same => same)
            && candidate.Parameters.Last().Type is INamedTypeSymbol
            {
                Name: "ReadOnlySpan" or "Span", ContainingNamespace.Name: "System", TypeArguments.Length: 1,
            } span
            && SymbolEqualityComparer.Default.Equals(span.TypeArguments[0], array.ElementType));
    }

    /// <summary><c>M(a, x, y)</c> with the params arguments from <paramref name="first"/> on becomes <c>M(a, [x, y])</c>.</summary>
    private static InvocationExpressionSyntax PassSpan(InvocationExpressionSyntax call, int first)
    {
        SeparatedSyntaxList<ArgumentSyntax> arguments = call.ArgumentList.Arguments;
        CollectionExpressionSyntax collection = CollectionExpression(SeparatedList<CollectionElementSyntax>(
            arguments.Skip(first).Select(argument => ExpressionElement(argument.Expression.WithoutTrivia()))));
        ArgumentSyntax spanArgument = Argument(collection).WithTriviaFrom(arguments[first]);
        return call.WithArgumentList(call.ArgumentList.WithArguments(SeparatedList(arguments.Take(first).Append(spanArgument))));
    }
}
