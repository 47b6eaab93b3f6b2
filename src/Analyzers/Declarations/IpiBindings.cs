using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace XCall.Analyzers.Declarations;

/// <summary>
/// The IPI type ids the handlers of one compilation bind, collected as handlers are analyzed; at the end, every handler that
/// binds an id to a different message type than the first handler of that id (in source order) is reported.
/// </summary>
internal sealed class IpiBindings
{
    private readonly ConcurrentBag<Binding> _bindings = new();

    public void Add(int type, ITypeSymbol message, IMethodSymbol handler, Location attribute) =>
        _bindings.Add(new Binding(type, message, handler, attribute));

    public IEnumerable<Diagnostic> Conflicts()
    {
        foreach (IGrouping<int, Binding> group in _bindings.GroupBy(binding => binding.Type))
        {
            Binding[] ordered = group
                .OrderBy(binding => binding.Attribute.SourceTree?.FilePath, System.StringComparer.Ordinal)
                .ThenBy(binding => binding.Attribute.SourceSpan.Start)
                .ToArray();
            Binding first = ordered[0];
            foreach (Binding later in ordered.Skip(1).Where(binding => !SymbolEqualityComparer.Default.Equals(binding.Message, first.Message)))
            {
                yield return Diagnostic.Create(XCallDiagnostics.IpiTypeConflict, later.Attribute,
                    first.Type, Display(first.Message), Name(first.Handler), Name(later.Handler), Display(later.Message));
            }
        }
    }

    private static string Display(ISymbol symbol) => symbol.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);

    private static string Name(IMethodSymbol handler) => Display(handler.ContainingType) + "." + handler.Name;

    private sealed record Binding(int Type, ITypeSymbol Message, IMethodSymbol Handler, Location Attribute);
}
