using Microsoft.CodeAnalysis;
using XCall.Shared;

namespace XCall.Analyzers;

/// <summary>The XCall attribute types of one compilation, and the questions both analyzers ask about them.</summary>
internal sealed class XCallSymbols
{
    private XCallSymbols(INamedTypeSymbol crossCall, INamedTypeSymbol ipiHandler, INamedTypeSymbol? vetted)
    {
        CrossCall = crossCall;
        IpiHandler = ipiHandler;
        Vetted = vetted;
    }

    public INamedTypeSymbol CrossCall { get; }

    public INamedTypeSymbol IpiHandler { get; }

    public INamedTypeSymbol? Vetted { get; }

    /// <summary>The symbols, or null when the compilation does not reference XCall (then there is nothing to analyze).</summary>
    public static XCallSymbols? From(Compilation compilation) =>
        compilation.GetTypeByMetadataName(XCallNames.CrossCallAttribute) is { } crossCall
        && compilation.GetTypeByMetadataName(XCallNames.IpiHandlerAttribute) is { } ipiHandler
            ? new XCallSymbols(crossCall, ipiHandler, compilation.GetTypeByMetadataName(XCallNames.VettedAttribute))
            : null;

    /// <summary>Whether <paramref name="method"/> carries [CrossCall] or [IpiHandler]: its body runs on a core.</summary>
    public bool IsHandler(IMethodSymbol method)
    {
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (Is(attribute, CrossCall) || Is(attribute, IpiHandler)) return true;
        }
        return false;
    }

    /// <summary>Whether <paramref name="symbol"/>, its property or any symbol around it (outer function, types) is [Vetted].</summary>
    public bool IsVetted(ISymbol symbol)
    {
        if (Vetted is null) return false;
        for (ISymbol? current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (VettedAttribute(current) is not null) return true;
            if (current is IMethodSymbol { AssociatedSymbol: IPropertySymbol property } && VettedAttribute(property) is not null) return true;
        }
        return false;
    }

    /// <summary>The [Vetted] attribute on <paramref name="symbol"/> itself, if any.</summary>
    public AttributeData? VettedAttribute(ISymbol symbol)
    {
        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (Is(attribute, Vetted)) return attribute;
        }
        return null;
    }

    public static bool Is(AttributeData attribute, INamedTypeSymbol? type) =>
        type is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, type);
}
