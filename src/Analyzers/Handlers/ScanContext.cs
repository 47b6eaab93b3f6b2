using System.Linq;
using Microsoft.CodeAnalysis;

namespace XCall.Analyzers.Handlers;

/// <summary>What every <see cref="BodyScanner"/> of one compilation shares: the XCall symbols, the library list, well-known types.</summary>
internal sealed class ScanContext
{
    private readonly IAssemblySymbol _assembly;
    private readonly INamedTypeSymbol?[] _spans;
    private readonly INamedTypeSymbol?[] _readOnlyInterfaces;

    public ScanContext(Compilation compilation, XCallSymbols symbols)
    {
        Symbols = symbols;
        Library = new LibraryApis(compilation);
        _assembly = compilation.Assembly;
        _spans = new[] { compilation.GetTypeByMetadataName("System.Span`1"), compilation.GetTypeByMetadataName("System.ReadOnlySpan`1") };
        // The interfaces an empty collection expression satisfies with Array.Empty<T>().
        _readOnlyInterfaces = new[]
        {
            compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T),
            compilation.GetSpecialType(SpecialType.System_Collections_Generic_IReadOnlyCollection_T),
            compilation.GetSpecialType(SpecialType.System_Collections_Generic_IReadOnlyList_T),
        };
    }

    public XCallSymbols Symbols { get; }

    public LibraryApis Library { get; }

    /// <summary>Whether <paramref name="symbol"/> is declared in the compilation being analyzed (its body is scanned).</summary>
    public bool InCompilation(ISymbol symbol) => SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _assembly);

    public bool IsSpan(ITypeSymbol? type) => Is(type, _spans);

    public bool IsReadOnlyInterface(ITypeSymbol type) => Is(type, _readOnlyInterfaces);

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol?[] candidates) =>
        type is not null && candidates.Contains(type.OriginalDefinition, SymbolEqualityComparer.Default);
}
