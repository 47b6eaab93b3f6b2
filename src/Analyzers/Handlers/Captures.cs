using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace XCall.Analyzers.Handlers;

/// <summary>
/// What a lambda captures. The compiler caches a lambda that captures nothing in a static field (allocated once); one that
/// captures a local, a parameter or <c>this</c> allocates a closure and a delegate each time. A constant is compiled in, not
/// captured: a <c>const</c> local, or a name inside <c>nameof</c> (0 bytes measured, see docs/diagnostics/XC1004.md).
/// </summary>
internal static class Captures
{
    /// <summary>The name of the first variable <paramref name="lambda"/> captures from outside itself, or null.</summary>
    public static string? FirstOf(IAnonymousFunctionOperation lambda) =>
        lambda.Symbol.IsStatic // a static lambda cannot capture: no need to look
            ? null
            : FirstOf(lambda.Body, lambda.Symbol, lambda.Syntax.Span, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));

    /// <summary>The first capture of <paramref name="function"/>, whose <paramref name="body"/> spans <paramref name="scope"/>.</summary>
    private static string? FirstOf(IOperation body, IMethodSymbol function, TextSpan scope, HashSet<IMethodSymbol> visited)
    {
        foreach (IOperation operation in NotConstant(body))
        {
            string? captured = operation switch
            {
                ILocalReferenceOperation local when !local.Local.IsConst && !DeclaredIn(local.Local, scope) => local.Local.Name,
                // A query's range variable is a parameter of each clause's lambda, declared in an earlier clause.
                IParameterReferenceOperation parameter when !DeclaredIn(parameter.Parameter, scope)
                    && !SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, function) => parameter.Parameter.Name,
                IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } => "this",
                IInvocationOperation invocation => ThroughLocalFunction(invocation.TargetMethod, operation, scope, visited),
                IMethodReferenceOperation reference => ThroughLocalFunction(reference.Method, operation, scope, visited),
                _ => null,
            };
            if (captured is not null) return captured;
        }
        return null;
    }

    /// <summary>The operations under <paramref name="root"/>, without the insides of constants (<c>nameof(x)</c> reads no <c>x</c>).</summary>
    private static IEnumerable<IOperation> NotConstant(IOperation root)
    {
        var pending = new Stack<IOperation>(root.ChildOperations.Reverse());
        while (pending.Count > 0)
        {
            IOperation operation = pending.Pop();
            if (operation.ConstantValue.HasValue) continue;
            yield return operation;
            foreach (IOperation child in operation.ChildOperations.Reverse()) pending.Push(child);
        }
    }

    /// <summary>Using a non-static local function declared outside the lambda captures whatever that function captures.</summary>
    private static string? ThroughLocalFunction(IMethodSymbol method, IOperation use, TextSpan scope, HashSet<IMethodSymbol> visited)
    {
        if (method is not { MethodKind: MethodKind.LocalFunction, IsStatic: false } || DeclaredIn(method, scope) || !visited.Add(method))
            return null;
        SyntaxNode? declaration = method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
        return declaration is not null && use.SemanticModel?.GetOperation(declaration) is ILocalFunctionOperation function
            ? FirstOf(function, method, declaration.Span, visited)
            : method.Name; // its body is out of sight: assume it captures
    }

    private static bool DeclaredIn(ISymbol symbol, TextSpan scope) =>
        symbol.DeclaringSyntaxReferences.Any(reference => scope.Contains(reference.Span));
}
