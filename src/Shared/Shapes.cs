using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace XCall.Shared;

/// <summary>Why the generator cannot emit a method. Each maps to one declaration diagnostic.</summary>
internal enum ShapeProblem
{
    /// <summary>The method is not static.</summary>
    NotStatic,
    /// <summary>The attribute is on a local function or lambda, not a member method (no other problem is reported then).</summary>
    NotAMemberMethod,
    /// <summary>The method or one of its containing types is generic in a way the generator cannot carry (a generic method).</summary>
    GenericMethod,
    /// <summary>A containing type is not partial (Depth: which one; Detail: its name).</summary>
    ContainingTypeNotPartial,
    /// <summary>A containing type is an interface (Depth: which one; Detail: its name).</summary>
    ContainingTypeIsInterface,
    /// <summary>A parameter is <c>ref</c> or <c>out</c> (Parameter: its index).</summary>
    RefOrOutParameter,
    /// <summary>A parameter is a ref struct such as <c>Span&lt;T&gt;</c>.</summary>
    RefStructParameter,
    /// <summary>A parameter is a pointer or function pointer.</summary>
    PointerParameter,
    /// <summary>A parameter is a struct with reference fields, or a type parameter not constrained to unmanaged or class.</summary>
    UnsupportedParameterType,
    /// <summary>More reference-type parameters than <see cref="SlotLimits.MaxReferences"/> (Detail: the count).</summary>
    TooManyReferences,
    /// <summary>The unmanaged arguments exceed <see cref="SlotLimits.MaxPayloadSize"/> bytes (Detail: the size).</summary>
    PayloadTooLarge,
    /// <summary>An async cross call returns a value.</summary>
    AsyncReturnsValue,
    /// <summary>The method returns by reference, or returns a ref struct or pointer.</summary>
    UnsupportedReturn,
    /// <summary>An IPI handler is not <c>void M(in IpiContext, in TMessage)</c>.</summary>
    IpiWrongSignature,
    /// <summary>An IPI message type is not an unmanaged struct (Detail: the type).</summary>
    IpiMessageNotUnmanaged,
    /// <summary>An IPI message is larger than <see cref="SlotLimits.MaxPayloadSize"/> bytes (Detail: the size).</summary>
    IpiMessageTooLarge,
    /// <summary>An IPI type id is negative.</summary>
    IpiNegativeType,
    /// <summary>A containing type is file-local, so a generated part cannot reopen it from another file (Depth: which one; Detail: its name).</summary>
    ContainingTypeIsFileLocal,
    /// <summary>
    /// An IPI handler's containing type is generic, private or protected, so the assembly's dispatch table
    /// (<c>IpiHandlers</c>, a top-level type) cannot name the handler (Depth: which type; Detail: why, for example
    /// <c>private</c> or <c>generic and protected</c>).
    /// </summary>
    IpiHandlerUnreachable,
    /// <summary>The method is <c>async</c>: its work would leave the core at the first <c>await</c>.</summary>
    AsyncMethod,
    /// <summary>
    /// An attribute argument is not a defined member of its enum (Detail: the enum's name, <c>CallMode</c> or
    /// <c>CallPriority</c>).
    /// </summary>
    UndefinedEnumValue,
    /// <summary>
    /// A type in the signature (Parameter: its index, or −1 for the return type) is less accessible than the generated code
    /// that names it (Detail: the type at fault and why, see <see cref="SignatureAccess"/>).
    /// </summary>
    TypeNotAccessible,
    /// <summary>The method takes <c>__arglist</c>.</summary>
    VariableArguments,
}

/// <summary>One problem: what, and where (a parameter, a containing type, or the method itself).</summary>
internal readonly struct ShapeIssue
{
    public ShapeIssue(ShapeProblem problem, int parameter = -1, string? detail = null, int depth = -1)
    {
        Problem = problem;
        Parameter = parameter;
        Detail = detail;
        Depth = depth;
    }

    public ShapeProblem Problem { get; }

    /// <summary>The index of the parameter at fault, or −1.</summary>
    public int Parameter { get; }

    public string? Detail { get; }

    /// <summary>
    /// The containing type at fault, counted outwards from the method (0: the type that declares it, 1: the type around
    /// that, …), or −1. A name would not do: in <c>A.B.A</c> two containing types are called <c>A</c>.
    /// </summary>
    public int Depth { get; }
}

/// <summary>How one parameter of a cross call travels.</summary>
internal enum ParameterPassing
{
    /// <summary>An unmanaged value copied into the slot's payload (passed by value or <c>in</c>).</summary>
    Payload,
    /// <summary>A reference stored in one of the slot's reference fields.</summary>
    Reference,
}

/// <summary>What the rules found out about a <c>[CrossCall]</c> method.</summary>
internal sealed class CrossCallInspection
{
    public CrossCallInspection(ImmutableArray<ParameterPassing> passing, int? payloadSize, bool returnsUnmanaged, ImmutableArray<ShapeIssue> issues)
    {
        Passing = passing;
        PayloadSize = payloadSize;
        ReturnsUnmanaged = returnsUnmanaged;
        Issues = issues;
    }

    /// <summary>How each parameter travels (meaningful only when <see cref="Issues"/> is empty).</summary>
    public ImmutableArray<ParameterPassing> Passing { get; }

    /// <summary>The payload size in bytes, or null when it cannot be known at compile time (the runtime checks it).</summary>
    public int? PayloadSize { get; }

    /// <summary>
    /// Whether the return type satisfies <c>where T : unmanaged</c>, so the senders that reach several cores can write each
    /// core's result into a span (<c>long?</c> does not: it is unmanaged, but a nullable value type).
    /// </summary>
    public bool ReturnsUnmanaged { get; }

    public ImmutableArray<ShapeIssue> Issues { get; }

    public bool CanEmit => Issues.IsEmpty;
}

/// <summary>The rules for <c>[CrossCall]</c> methods.</summary>
internal static class CrossCallShape
{
    /// <summary>Inspects <paramref name="method"/>; <paramref name="mode"/> and <paramref name="priority"/> are the attribute's numbers.</summary>
    public static CrossCallInspection Inspect(IMethodSymbol method, int mode, int priority = XCallEnums.CallPriorityNormal)
    {
        var issues = ImmutableArray.CreateBuilder<ShapeIssue>();
        if (!MemberRules.Check(method, issues)) return new CrossCallInspection(ImmutableArray<ParameterPassing>.Empty, null, false, issues.ToImmutable());
        if (mode is not (XCallEnums.CallModeSync or XCallEnums.CallModeAsync)) issues.Add(new ShapeIssue(ShapeProblem.UndefinedEnumValue, detail: "CallMode"));
        if (priority is not (XCallEnums.CallPriorityNormal or XCallEnums.CallPriorityHigh)) issues.Add(new ShapeIssue(ShapeProblem.UndefinedEnumValue, detail: "CallPriority"));
        bool isAsync = mode == XCallEnums.CallModeAsync;
        // The senders are public when the method is, else internal: every type they name must be at least that visible.
        bool sendersEscape = SignatureAccess.EscapesAssembly(method);

        var passing = ImmutableArray.CreateBuilder<ParameterPassing>(method.Parameters.Length);
        var payload = new List<ITypeSymbol>();
        int references = 0;
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            ParameterPassing? kind = Classify(parameter, out ShapeProblem problem);
            if (kind is null)
            {
                issues.Add(new ShapeIssue(problem, parameter.Ordinal, parameter.Type.ToDisplayString()));
                passing.Add(ParameterPassing.Payload);
                continue;
            }
            passing.Add(kind.Value);
            if (SignatureAccess.Problem(parameter.Type, sendersEscape) is { } hidden)
                issues.Add(new ShapeIssue(ShapeProblem.TypeNotAccessible, parameter.Ordinal, hidden));
            if (kind == ParameterPassing.Reference) references++;
            else payload.Add(parameter.Type);
        }
        if (references > SlotLimits.MaxReferences)
            issues.Add(new ShapeIssue(ShapeProblem.TooManyReferences, -1, references.ToString()));

        int? size = UnmanagedLayout.OfSequential(payload)?.Size;
        if (size > SlotLimits.MaxPayloadSize)
            issues.Add(new ShapeIssue(ShapeProblem.PayloadTooLarge, -1, size.Value.ToString()));

        ITypeSymbol result = method.ReturnType;
        // dynamic: the handler's result would reach the generated code as a dynamic expression, which cannot be passed to a ref struct.
        if (method.ReturnsByRef || method.ReturnsByRefReadonly || result.IsRefLikeType
            || result.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.Dynamic)
            issues.Add(new ShapeIssue(ShapeProblem.UnsupportedReturn, -1, result.ToDisplayString()));
        else if (isAsync && !method.ReturnsVoid)
            issues.Add(new ShapeIssue(ShapeProblem.AsyncReturnsValue, -1, result.ToDisplayString()));
        else if (!method.ReturnsVoid && SignatureAccess.Problem(result, sendersEscape) is { } hidden)
            issues.Add(new ShapeIssue(ShapeProblem.TypeNotAccessible, -1, hidden));

        return new CrossCallInspection(passing.MoveToImmutable(), size, SatisfiesUnmanaged(result), issues.ToImmutable());
    }

    /// <summary>
    /// Whether <paramref name="type"/> can be the argument of a <c>where T : unmanaged</c> parameter. Not the same as
    /// <see cref="ITypeSymbol.IsUnmanagedType"/>: that is true of <c>long?</c>, which the constraint (a <c>struct</c>
    /// constraint too) refuses.
    /// </summary>
    public static bool SatisfiesUnmanaged(ITypeSymbol type) =>
        type.IsUnmanagedType && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T;

    /// <summary>How a parameter travels, or null with the reason it cannot.</summary>
    public static ParameterPassing? Classify(IParameterSymbol parameter, out ShapeProblem problem)
    {
        problem = default;
        ITypeSymbol type = parameter.Type;
        if (parameter.RefKind is RefKind.Ref or RefKind.Out)
        {
            problem = ShapeProblem.RefOrOutParameter;
            return null;
        }
        if (type.IsRefLikeType)
        {
            problem = ShapeProblem.RefStructParameter;
            return null;
        }
        if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            problem = ShapeProblem.PointerParameter;
            return null;
        }
        if (type is ITypeParameterSymbol typeParameter)
        {
            if (typeParameter.HasUnmanagedTypeConstraint) return ParameterPassing.Payload;
            if (typeParameter.HasReferenceTypeConstraint && parameter.RefKind == RefKind.None) return ParameterPassing.Reference;
            problem = ShapeProblem.UnsupportedParameterType;
            return null;
        }
        if (type.IsUnmanagedType) return ParameterPassing.Payload;
        if (type.IsReferenceType && parameter.RefKind == RefKind.None) return ParameterPassing.Reference;
        problem = ShapeProblem.UnsupportedParameterType; // a struct holding references, or `in` of a class
        return null;
    }
}

/// <summary>What the rules found out about an <c>[IpiHandler]</c> method.</summary>
internal sealed class IpiHandlerInspection
{
    public IpiHandlerInspection(ITypeSymbol? messageType, int? messageSize, ImmutableArray<ShapeIssue> issues)
    {
        MessageType = messageType;
        MessageSize = messageSize;
        Issues = issues;
    }

    /// <summary>The message type (the second parameter's type), when the signature has one.</summary>
    public ITypeSymbol? MessageType { get; }

    public int? MessageSize { get; }

    public ImmutableArray<ShapeIssue> Issues { get; }

    public bool CanEmit => Issues.IsEmpty;
}

/// <summary>The rules for <c>[IpiHandler]</c> methods: <c>static void M(in IpiContext ctx, in TMessage msg)</c>.</summary>
internal static class IpiHandlerShape
{
    public static IpiHandlerInspection Inspect(IMethodSymbol method, int type)
    {
        var issues = ImmutableArray.CreateBuilder<ShapeIssue>();
        if (!MemberRules.Check(method, issues)) return new IpiHandlerInspection(null, null, issues.ToImmutable());
        if (type < 0) issues.Add(new ShapeIssue(ShapeProblem.IpiNegativeType, -1, type.ToString()));
        int depth = 0;
        for (INamedTypeSymbol? container = method.ContainingType; container is not null; container = container.ContainingType, depth++)
        {
            if (Unreachable(container) is { } why) issues.Add(new ShapeIssue(ShapeProblem.IpiHandlerUnreachable, detail: why, depth: depth));
        }

        bool signature = method.ReturnsVoid
            && method.Parameters.Length == 2
            && method.Parameters.All(p => p.RefKind is RefKind.None or RefKind.In or RefKind.RefReadOnlyParameter)
            && method.Parameters[0].Type.ToDisplayString() == XCallNames.IpiContext;
        if (!signature)
        {
            issues.Add(new ShapeIssue(ShapeProblem.IpiWrongSignature));
            return new IpiHandlerInspection(null, null, issues.ToImmutable());
        }

        ITypeSymbol message = method.Parameters[1].Type;
        int? size = null;
        if (!message.IsValueType || !CrossCallShape.SatisfiesUnmanaged(message) || message.IsRefLikeType || message is ITypeParameterSymbol)
        {
            issues.Add(new ShapeIssue(ShapeProblem.IpiMessageNotUnmanaged, 1, message.ToDisplayString()));
        }
        else if (SignatureAccess.Problem(message, escapes: false) is { } hidden)
        {
            // The assembly's dispatch table, a top-level internal class, names the message type in its senders.
            issues.Add(new ShapeIssue(ShapeProblem.TypeNotAccessible, 1, hidden));
        }
        else
        {
            size = UnmanagedLayout.Of(message)?.Size;
            if (size > SlotLimits.MaxPayloadSize) issues.Add(new ShapeIssue(ShapeProblem.IpiMessageTooLarge, 1, size.Value.ToString()));
        }
        return new IpiHandlerInspection(message, size, issues.ToImmutable());
    }

    /// <summary>
    /// Why a top-level type cannot name <paramref name="type"/>, or null when it can. Only the type's own type parameters
    /// count: a type nested in a generic one is reported as the generic one.
    /// </summary>
    private static string? Unreachable(INamedTypeSymbol type)
    {
        string? access = type.DeclaredAccessibility switch
        {
            Accessibility.Private => "private",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedAndInternal => "private protected",
            _ => null,
        };
        if (type.TypeParameters.IsEmpty) return access;
        return access is null ? "generic" : "generic and " + access;
    }
}

/// <summary>
/// Rules both kinds of method share: a static, synchronous, non-generic member method without <c>__arglist</c>, in partial,
/// non-interface, non-file-local types.
/// </summary>
internal static class MemberRules
{
    /// <summary>
    /// Adds the problems of the declaration to <paramref name="issues"/>. Returns false when the attribute is not on a member
    /// method (a lambda, a local function, an accessor): then that is the only problem, as no other rule applies to it.
    /// </summary>
    public static bool Check(IMethodSymbol method, ImmutableArray<ShapeIssue>.Builder issues)
    {
        if (method.MethodKind != MethodKind.Ordinary)
        {
            issues.Add(new ShapeIssue(ShapeProblem.NotAMemberMethod));
            return false;
        }
        if (!method.IsStatic) issues.Add(new ShapeIssue(ShapeProblem.NotStatic));
        if (method.IsGenericMethod) issues.Add(new ShapeIssue(ShapeProblem.GenericMethod));
        if (method.IsAsync) issues.Add(new ShapeIssue(ShapeProblem.AsyncMethod));
        if (method.IsVararg) issues.Add(new ShapeIssue(ShapeProblem.VariableArguments));
        int depth = 0;
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType, depth++)
        {
            ShapeProblem? problem = type.TypeKind == TypeKind.Interface ? ShapeProblem.ContainingTypeIsInterface
                : type.IsFileLocal ? ShapeProblem.ContainingTypeIsFileLocal
                : !IsPartial(type) ? ShapeProblem.ContainingTypeNotPartial
                : null;
            if (problem is { } found) issues.Add(new ShapeIssue(found, detail: type.Name, depth: depth));
        }
        return true;
    }

    /// <summary>Whether every declaration of <paramref name="type"/> in source says <c>partial</c>.</summary>
    public static bool IsPartial(INamedTypeSymbol type) =>
        type.DeclaringSyntaxReferences.Length > 0
        && type.DeclaringSyntaxReferences.All(reference =>
            reference.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax declaration
            && declaration.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword));
}

/// <summary>
/// Whether generated code can name the types of a handler's signature. The senders of a cross call are public when the
/// method is and internal otherwise; the IPI dispatch table is an internal top-level class. A type that is private,
/// protected, private protected or file-local (or whose type arguments, element type or containing types are) cannot
/// appear in an internal member's signature; a type that is not public cannot appear in a public one that other assemblies see.
/// </summary>
internal static class SignatureAccess
{
    /// <summary>Whether the public senders of <paramref name="method"/> are visible outside the assembly (every type around it lets them out).</summary>
    public static bool EscapesAssembly(IMethodSymbol method)
    {
        if (method.DeclaredAccessibility != Accessibility.Public) return false;
        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal)) return false;
        }
        return true;
    }

    /// <summary>
    /// Why generated code cannot name <paramref name="type"/> (for example <c>'Secret' is private</c>), or null when it can;
    /// <paramref name="escapes"/> when the code that names it is visible outside the assembly.
    /// </summary>
    public static string? Problem(ITypeSymbol type, bool escapes)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return Problem(array.ElementType, escapes);
            case IPointerTypeSymbol pointer:
                return Problem(pointer.PointedAtType, escapes);
            case INamedTypeSymbol named:
                for (INamedTypeSymbol? current = named; current is not null; current = current.ContainingType)
                {
                    if (Hidden(current, escapes) is { } why) return $"'{current.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)}' is {why}";
                }
                return named.TypeArguments.Select(argument => Problem(argument, escapes)).FirstOrDefault(problem => problem is not null);
            default:
                return null; // type parameters, dynamic: visible wherever the member is
        }
    }

    private static string? Hidden(INamedTypeSymbol type, bool escapes)
    {
        if (type.IsFileLocal) return "file-local";
        return type.DeclaredAccessibility switch
        {
            Accessibility.Private => "private",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedAndInternal => "private protected",
            Accessibility.Internal when escapes => "internal",
            Accessibility.ProtectedOrInternal when escapes => "protected internal",
            _ => null,
        };
    }
}
