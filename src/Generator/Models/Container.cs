using System.Linq;

namespace XCall.Generator.Models;

/// <summary>Where generated members go: the namespace (null for the global one) and the partial types around the method, outermost first.</summary>
internal sealed record Container(string? Namespace, EquatableArray<ContainingType> Types)
{
    /// <summary>For example <c>global::Shop.Outer.Cache&lt;T&gt;</c>.</summary>
    public string QualifiedName => "global::" + (Namespace is null ? "" : Namespace + ".") + DisplayName;

    /// <summary>For example <c>Outer.Cache&lt;T&gt;</c>.</summary>
    public string DisplayName => string.Join(".", Types.Select(type => type.Name));

    /// <summary>A member as reports and docs name it, for example <c>Stock.Reserve</c>.</summary>
    public string DisplayNameOf(string member) => DisplayName + "." + member;

    /// <summary>A member as generated code calls it, for example <c>global::Shop.Stock.Reserve</c>.</summary>
    public string QualifiedNameOf(string member) => QualifiedName + "." + Identifiers.Escape(member);

    /// <summary>A file-name-safe prefix for hint names, for example <c>Shop.Outer.Cache`1</c>.</summary>
    public string HintPrefix => (Namespace is null ? "" : Namespace.Replace("@", "") + ".") + string.Join(".", Types.Select(type => type.MetadataName));
}

/// <summary>One containing type: how to reopen it (<c>partial class</c>, <c>partial record struct</c>, …) and its name with type parameters.</summary>
internal sealed record ContainingType(string Declaration, string Name, string MetadataName);
