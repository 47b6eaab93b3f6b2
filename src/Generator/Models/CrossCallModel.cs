using XCall.Shared;

namespace XCall.Generator.Models;

/// <summary>Everything the emitter needs for one <c>[CrossCall]</c> method.</summary>
/// <param name="HandlerName">The generated handler struct's name, unique in the containing type.</param>
/// <param name="IsPublic">Whether the senders are public (the method is); otherwise they are internal.</param>
/// <param name="Priority">The attribute's <c>CallPriority</c>, as its number.</param>
/// <param name="ReturnType">The return type, or null for <c>void</c>.</param>
/// <param name="ReturnsUnmanaged">Whether the return type is unmanaged, so many-core senders can write results into a span.</param>
/// <param name="Summary">The method's XML doc summary (inner XML), passed through to the senders.</param>
internal sealed record CrossCallModel(
    Container Container,
    string MethodName,
    string HandlerName,
    bool IsPublic,
    bool IsAsync,
    int Priority,
    string? ReturnType,
    bool ReturnsUnmanaged,
    EquatableArray<ParameterModel> Parameters,
    string? Summary);

/// <summary>One parameter of a cross call.</summary>
/// <param name="Name">The identifier, escaped with <c>@</c> when it is a keyword.</param>
/// <param name="Type">The fully qualified type, with nullable annotations.</param>
/// <param name="TypeArgument">The type without its top-level nullable annotation, for <c>frame.Ref&lt;T&gt;</c>.</param>
/// <param name="IsIn">Passed by <c>in</c> (or <c>ref readonly</c>).</param>
/// <param name="CrefType">The type as a doc comment's <c>cref</c> names it: no nullable reference annotations, braces for angle brackets.</param>
/// <param name="IsTypeParameter">The type is a type parameter of a containing type.</param>
/// <param name="Documentation">The method's <c>&lt;param&gt;</c> doc (inner XML), if any.</param>
internal sealed record ParameterModel(
    string Name,
    string Type,
    string TypeArgument,
    string CrefType,
    bool IsIn,
    ParameterPassing Passing,
    bool IsTypeParameter,
    string? Documentation)
{
    /// <summary>The name without the keyword escape, as generated names must not clash with it.</summary>
    public string PlainName => Name.TrimStart('@');
}
