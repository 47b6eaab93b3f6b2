using Microsoft.CodeAnalysis;
using XCall.Shared;

namespace XCall.Analyzers.Declarations;

/// <summary>Turns each <see cref="ShapeIssue"/> the shared rules find into its diagnostic, with a precise message and location.</summary>
internal static class ShapeDiagnostics
{
    private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.CSharpShortErrorMessageFormat;

    /// <summary>
    /// The diagnostic for <paramref name="issue"/> of <paramref name="method"/>, declared at <paramref name="at"/> with the attribute
    /// named <paramref name="attribute"/>; null for a problem this version does not know (a test keeps the map complete).
    /// </summary>
    public static Diagnostic? Create(ShapeIssue issue, IMethodSymbol method, HandlerDeclaration at, string attribute)
    {
        string name = method.Name;
        switch (issue.Problem)
        {
            case ShapeProblem.NotStatic:
                return Diagnostic.Create(XCallDiagnostics.NotStatic, at.Identifier, attribute, name);
            case ShapeProblem.NotAMemberMethod:
                return Diagnostic.Create(XCallDiagnostics.NotAMemberMethod, at.Attribute, attribute, KindName(method.MethodKind));
            case ShapeProblem.GenericMethod:
                return Diagnostic.Create(XCallDiagnostics.GenericMethod, at.TypeParameters, attribute, name);
            case ShapeProblem.ContainingTypeNotPartial:
                return Diagnostic.Create(XCallDiagnostics.ContainingTypeNotPartial, at.TypeIdentifier(issue.Depth), issue.Detail);
            case ShapeProblem.ContainingTypeIsInterface:
                return Diagnostic.Create(XCallDiagnostics.ContainingTypeIsInterface, at.TypeIdentifier(issue.Depth), issue.Detail);
            case ShapeProblem.ContainingTypeIsFileLocal:
                return Diagnostic.Create(XCallDiagnostics.ContainingTypeIsFileLocal, at.TypeIdentifier(issue.Depth), issue.Detail);
            case ShapeProblem.RefOrOutParameter:
                return ParameterDiagnostic(XCallDiagnostics.RefOrOutParameter, method, issue, at);
            case ShapeProblem.RefStructParameter:
                return ParameterDiagnostic(XCallDiagnostics.RefStructParameter, method, issue, at);
            case ShapeProblem.PointerParameter:
                return ParameterDiagnostic(XCallDiagnostics.PointerParameter, method, issue, at);
            case ShapeProblem.UnsupportedParameterType:
                return ParameterDiagnostic(XCallDiagnostics.UnsupportedParameterType, method, issue, at);
            case ShapeProblem.TooManyReferences:
                return Diagnostic.Create(XCallDiagnostics.TooManyReferences, at.ParameterList, name, issue.Detail, SlotLimits.MaxReferences);
            case ShapeProblem.PayloadTooLarge:
                return Diagnostic.Create(XCallDiagnostics.PayloadTooLarge, at.ParameterList, name, issue.Detail, SlotLimits.MaxPayloadSize);
            case ShapeProblem.AsyncReturnsValue:
                return Diagnostic.Create(XCallDiagnostics.AsyncReturnsValue, at.ReturnType, name, method.ReturnType.ToDisplayString(s_typeFormat));
            case ShapeProblem.UnsupportedReturn:
                return Diagnostic.Create(XCallDiagnostics.UnsupportedReturn, at.ReturnType, name, ReturnDisplay(method));
            case ShapeProblem.IpiWrongSignature:
                return Diagnostic.Create(XCallDiagnostics.IpiWrongSignature, at.ParameterList, name);
            case ShapeProblem.IpiMessageNotUnmanaged:
                return Diagnostic.Create(XCallDiagnostics.IpiMessageNotUnmanaged, at.Parameter(issue.Parameter), TypeOf(method, issue), name);
            case ShapeProblem.IpiMessageTooLarge:
                return Diagnostic.Create(XCallDiagnostics.IpiMessageTooLarge, at.Parameter(issue.Parameter), TypeOf(method, issue), name, issue.Detail, SlotLimits.MaxPayloadSize);
            case ShapeProblem.IpiNegativeType:
                return Diagnostic.Create(XCallDiagnostics.IpiNegativeType, at.AttributeArgument, issue.Detail, name);
            case ShapeProblem.IpiHandlerUnreachable:
                return Diagnostic.Create(XCallDiagnostics.IpiHandlerUnreachable, at.TypeIdentifier(issue.Depth), ContainingType(method, issue.Depth).Name, issue.Detail);
            case ShapeProblem.AsyncMethod:
                return Diagnostic.Create(XCallDiagnostics.AsyncHandler, at.AsyncKeyword, attribute, name);
            case ShapeProblem.UndefinedEnumValue when issue.Detail == "CallPriority":
                return UndefinedValue(at.NamedArgument("Priority"), "CallPriority", "CallPriority.Normal or CallPriority.High");
            case ShapeProblem.UndefinedEnumValue:
                return UndefinedValue(at.AttributeArgument, "CallMode", "CallMode.Sync or CallMode.Async");
            case ShapeProblem.TypeNotAccessible:
                return Diagnostic.Create(XCallDiagnostics.TypeNotAccessible, issue.Parameter >= 0 ? at.Parameter(issue.Parameter) : at.ReturnType,
                    issue.Detail, name, attribute == "CrossCall" && SignatureAccess.EscapesAssembly(method) ? "public" : "internal");
            case ShapeProblem.VariableArguments:
                return Diagnostic.Create(XCallDiagnostics.VariableArguments, at.ParameterList, attribute, name);
            default:
                return null;
        }
    }

    private static Diagnostic UndefinedValue(Location argument, string enumName, string defined) =>
        Diagnostic.Create(XCallDiagnostics.UndefinedEnumValue, argument, argument.SourceTree?.GetText().ToString(argument.SourceSpan), enumName, defined);

    /// <summary>The containing type <paramref name="depth"/> levels out from <paramref name="method"/> (0: the one that declares it).</summary>
    private static INamedTypeSymbol ContainingType(IMethodSymbol method, int depth)
    {
        INamedTypeSymbol type = method.ContainingType;
        for (int level = 0; level < depth; level++) type = type.ContainingType;
        return type;
    }

    private static Diagnostic ParameterDiagnostic(DiagnosticDescriptor descriptor, IMethodSymbol method, ShapeIssue issue, HandlerDeclaration at) =>
        Diagnostic.Create(descriptor, at.Parameter(issue.Parameter), method.Parameters[issue.Parameter].Name, method.Name, TypeOf(method, issue));

    private static string TypeOf(IMethodSymbol method, ShapeIssue issue) => method.Parameters[issue.Parameter].Type.ToDisplayString(s_typeFormat);

    private static string ReturnDisplay(IMethodSymbol method) =>
        (method.ReturnsByRef ? "ref " : method.ReturnsByRefReadonly ? "ref readonly " : "") + method.ReturnType.ToDisplayString(s_typeFormat);

    private static string KindName(MethodKind kind) => kind switch
    {
        MethodKind.LocalFunction => "local function",
        MethodKind.AnonymousFunction => "lambda",
        MethodKind.PropertyGet or MethodKind.PropertySet => "property accessor",
        MethodKind.EventAdd or MethodKind.EventRemove or MethodKind.EventRaise => "event accessor",
        MethodKind.UserDefinedOperator or MethodKind.Conversion => "operator",
        _ => "special method",
    };
}
