using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace XCall.Analyzers.Handlers;

/// <summary>
/// What a lambda captures. The compiler caches a lambda that captures nothing in a static field (allocated once); one that
/// captures a local, a parameter or <c>this</c> allocates a closure and a delegate each time.
/// </summary>
internal static class Captures
{
    /// <summary>The name of the first variable <paramref name="lambda"/> captures from outside itself, or null.</summary>
    /// <remarks>Calling a non-static local function declared outside counts as a capture (it may capture); make it static to be sure.</remarks>
    public static string? FirstOf(IAnonymousFunctionOperation lambda)
    {
        TextSpan scope = lambda.Syntax.Span;
        foreach (IOperation operation in lambda.Body.Descendants())
        {
            switch (operation)
            {
                case ILocalReferenceOperation local when !DeclaredIn(local.Local, scope):
                    return local.Local.Name;
                case IParameterReferenceOperation parameter when !DeclaredIn(parameter.Parameter, scope):
                    return parameter.Parameter.Name;
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                    return "this";
                case IInvocationOperation { TargetMethod: { MethodKind: MethodKind.LocalFunction, IsStatic: false } function } when !DeclaredIn(function, scope):
                    return function.Name;
                case IMethodReferenceOperation { Method: { MethodKind: MethodKind.LocalFunction, IsStatic: false } function } when !DeclaredIn(function, scope):
                    return function.Name;
            }
        }
        return null;
    }

    private static bool DeclaredIn(ISymbol symbol, TextSpan scope) =>
        symbol.DeclaringSyntaxReferences.Any(reference => scope.Contains(reference.Span));
}
