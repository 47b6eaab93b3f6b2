using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace XCall.Analyzers.Handlers;

/// <summary>What every <see cref="BodyScanner"/> of one compilation shares: the XCall symbols, the API lists, well-known types.</summary>
internal sealed class ScanContext
{
    private readonly IAssemblySymbol _assembly;
    private readonly INamedTypeSymbol?[] _spans;
    private readonly INamedTypeSymbol?[] _readOnlyInterfaces;
    private readonly INamedTypeSymbol? _readOnlySpan;
    private readonly INamedTypeSymbol? _range;
    private readonly IMethodSymbol? _dispose;
    private readonly ConcurrentDictionary<INamedTypeSymbol, ImmutableArray<ISymbol>> _initializers = new(SymbolEqualityComparer.Default);

    public ScanContext(Compilation compilation, XCallSymbols symbols, ProjectApiLists projectApis)
    {
        Symbols = symbols;
        Library = new LibraryApis(compilation, projectApis);
        _assembly = compilation.Assembly;
        _readOnlySpan = compilation.GetTypeByMetadataName("System.ReadOnlySpan`1");
        _spans = new[] { compilation.GetTypeByMetadataName("System.Span`1"), _readOnlySpan };
        // The interfaces an empty collection expression satisfies with Array.Empty<T>().
        _readOnlyInterfaces = new[]
        {
            compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T),
            compilation.GetSpecialType(SpecialType.System_Collections_Generic_IReadOnlyCollection_T),
            compilation.GetSpecialType(SpecialType.System_Collections_Generic_IReadOnlyList_T),
        };
        _range = compilation.GetTypeByMetadataName("System.Range");
        _dispose = compilation.GetSpecialType(SpecialType.System_IDisposable).GetMembers("Dispose").OfType<IMethodSymbol>().FirstOrDefault();
        // With it, the compiler points a ReadOnlySpan<T> of constants of any primitive type at static data; without it, only bytes.
        HasCreateSpan = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.RuntimeHelpers")?.GetMembers("CreateSpan").Any() == true;
    }

    public XCallSymbols Symbols { get; }

    public LibraryApis Library { get; }

    /// <summary>Whether <c>RuntimeHelpers.CreateSpan</c> exists: see <see cref="BodyScanner"/>'s static-data rule.</summary>
    public bool HasCreateSpan { get; }

    /// <summary>Whether <paramref name="symbol"/> is declared in the compilation being analyzed (its body is scanned).</summary>
    public bool InCompilation(ISymbol symbol) => SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _assembly);

    public bool IsSpan(ITypeSymbol? type) => Is(type, _spans);

    public bool IsReadOnlySpan(ITypeSymbol? type) => type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _readOnlySpan);

    public bool IsRange(ITypeSymbol? type) => type is not null && SymbolEqualityComparer.Default.Equals(type, _range);

    public bool IsReadOnlyInterface(ITypeSymbol type) => Is(type, _readOnlyInterfaces);

    /// <summary>The <c>Dispose</c> a <c>using</c> of a <paramref name="type"/> calls: IDisposable's implementation, or a ref struct's own.</summary>
    public IMethodSymbol? DisposeOf(ITypeSymbol type)
    {
        if (type.IsRefLikeType)
            return type.GetMembers("Dispose").OfType<IMethodSymbol>().FirstOrDefault(method => !method.IsStatic && method.Parameters.IsEmpty);
        if (_dispose is null) return null;
        return type.TypeKind == TypeKind.Interface && SymbolEqualityComparer.Default.Equals(type, _dispose.ContainingType)
            ? _dispose
            : type.FindImplementationForInterfaceMember(_dispose) as IMethodSymbol;
    }

    /// <summary>
    /// The instance fields and properties of <paramref name="type"/> that have an initializer: every constructor that does not
    /// call another of its own type's runs them.
    /// </summary>
    public ImmutableArray<ISymbol> InstanceInitializers(INamedTypeSymbol type) => _initializers.GetOrAdd(type, static type => type.GetMembers()
        .Where(member => member is IFieldSymbol { IsStatic: false, IsConst: false, IsImplicitlyDeclared: false } or IPropertySymbol { IsStatic: false }
            && member.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax() switch
        {
            VariableDeclaratorSyntax variable => variable.Initializer is not null,
            PropertyDeclarationSyntax property => property.Initializer is not null,
            _ => false,
        }))
        .ToImmutableArray());

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol?[] candidates) =>
        type is not null && candidates.Contains(type.OriginalDefinition, SymbolEqualityComparer.Default);
}
