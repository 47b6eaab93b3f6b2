using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace XCall.Shared;

/// <summary>A type's size and alignment as the CLR lays it out on a 64-bit process.</summary>
internal readonly struct Layout
{
    public Layout(int size, int alignment)
    {
        Size = size;
        Alignment = alignment;
    }

    public int Size { get; }

    public int Alignment { get; }
}

/// <summary>
/// Computes the size of unmanaged types the way the CLR lays out structs (sequential by default, explicit,
/// <c>Size</c>/<c>Pack</c>, fixed buffers, <c>[InlineArray]</c>). Returns null when the size cannot be known at compile
/// time: a type parameter, an auto-layout struct, or a struct from a reference assembly whose private fields are
/// hidden (a few well-known BCL structs are listed). The runtime checks those sizes when the call is made.
/// </summary>
internal static class UnmanagedLayout
{
    private static readonly Dictionary<string, Layout> s_wellKnown = new()
    {
        ["System.Guid"] = new(16, 4),
        ["System.DateTime"] = new(8, 8),
        ["System.DateTimeOffset"] = new(16, 8),
        ["System.TimeSpan"] = new(8, 8),
        ["System.DateOnly"] = new(4, 4),
        ["System.TimeOnly"] = new(8, 8),
        ["System.Half"] = new(2, 2),
        ["System.Int128"] = new(16, 16),
        ["System.UInt128"] = new(16, 16),
        ["System.Numerics.Vector2"] = new(8, 4),
        ["System.Numerics.Vector3"] = new(12, 4),
        ["System.Numerics.Vector4"] = new(16, 4),
        ["System.Numerics.Quaternion"] = new(16, 4),
        ["System.Numerics.Plane"] = new(16, 4),
        ["System.Numerics.Matrix3x2"] = new(24, 4),
        ["System.Numerics.Matrix4x4"] = new(64, 4),
        ["System.Numerics.Complex"] = new(16, 8),
        ["System.Runtime.Intrinsics.Vector64`1"] = new(8, 8),
        ["System.Runtime.Intrinsics.Vector128`1"] = new(16, 16),
        ["System.Runtime.Intrinsics.Vector256`1"] = new(32, 32),
        ["System.Runtime.Intrinsics.Vector512`1"] = new(64, 64),
    };

    /// <summary>The layout of <paramref name="type"/>, or null when it cannot be known at compile time.</summary>
    public static Layout? Of(ITypeSymbol type) => Of(type, depth: 0);

    /// <summary>The layout of a sequential struct with fields of <paramref name="fields"/> in order (null if any is unknown).</summary>
    public static Layout? OfSequential(IEnumerable<ITypeSymbol> fields)
    {
        var layouts = new List<Layout>();
        foreach (ITypeSymbol field in fields)
        {
            if (Of(field) is not { } layout) return null;
            layouts.Add(layout);
        }
        return Sequential(layouts, pack: 0, minimumSize: 0);
    }

    private static Layout? Of(ITypeSymbol type, int depth)
    {
        if (depth > 32) return null; // a cycle the compiler reports anyway
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Byte:
            case SpecialType.System_SByte:
                return new Layout(1, 1);
            case SpecialType.System_Char:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
                return new Layout(2, 2);
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Single:
                return new Layout(4, 4);
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Double:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
                return new Layout(8, 8);
            case SpecialType.System_Decimal:
                return new Layout(16, 8);
        }
        switch (type)
        {
            case IPointerTypeSymbol:
            case IFunctionPointerTypeSymbol:
                return new Layout(8, 8);
            case INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying }:
                return Of(underlying, depth + 1);
            case INamedTypeSymbol { TypeKind: TypeKind.Struct } named:
                return OfStruct(named, depth);
            default:
                return null; // type parameters, reference types, errors
        }
    }

    private static Layout? OfStruct(INamedTypeSymbol type, int depth)
    {
        if (s_wellKnown.TryGetValue(MetadataName(type.OriginalDefinition), out Layout known)) return known;
        // Nullable<T> is { bool hasValue; T value; } in sequential layout, though reference assemblies hide the fields.
        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            return Of(type.TypeArguments[0], depth + 1) is { } value ? Sequential([new Layout(1, 1), value], pack: 0, minimumSize: 0) : null;
        // A struct seen only through a reference assembly has placeholder private fields: its size is unknown.
        if (type.Locations.All(location => !location.IsInSource) && !IsFromImplementationAssembly(type)) return null;

        var fields = type.GetMembers().OfType<IFieldSymbol>().Where(field => !field.IsStatic && !field.IsConst).ToList();
        var (kind, pack, size) = StructLayoutOf(type);
        if (kind == 3) return null; // LayoutKind.Auto: the CLR may reorder fields

        if (InlineArrayLength(type) is int length)
        {
            if (fields.Count != 1 || Of(fields[0].Type, depth + 1) is not { } element) return null;
            return new Layout(element.Size * length, element.Alignment);
        }

        var layouts = new List<(Layout Layout, int? Offset)>();
        foreach (IFieldSymbol field in fields)
        {
            Layout? layout = field.IsFixedSizeBuffer && field.Type is IPointerTypeSymbol buffer
                ? Of(buffer.PointedAtType, depth + 1) is { } element ? new Layout(element.Size * field.FixedSize, element.Alignment) : null
                : Of(field.Type, depth + 1);
            if (layout is null) return null;
            layouts.Add((layout.Value, FieldOffset(field)));
        }

        if (kind == 2) // LayoutKind.Explicit
        {
            int end = 0, alignment = 1;
            foreach (var (layout, offset) in layouts)
            {
                if (offset is null) return null;
                end = Math.Max(end, offset.Value + layout.Size);
                alignment = Math.Max(alignment, Math.Min(layout.Alignment, pack == 0 ? 8 : pack));
            }
            int total = Math.Max(RoundUp(Math.Max(end, 1), alignment), size);
            return new Layout(total, alignment);
        }
        return Sequential(layouts.Select(l => l.Layout), pack, size);
    }

    private static Layout Sequential(IEnumerable<Layout> fields, int pack, int minimumSize)
    {
        int offset = 0, alignment = 1;
        foreach (Layout field in fields)
        {
            int fieldAlignment = pack == 0 ? field.Alignment : Math.Min(field.Alignment, pack);
            offset = RoundUp(offset, fieldAlignment) + field.Size;
            alignment = Math.Max(alignment, fieldAlignment);
        }
        int total = Math.Max(RoundUp(Math.Max(offset, 1), alignment), minimumSize);
        return new Layout(total, alignment);
    }

    /// <summary>(LayoutKind as int: 0 sequential, 2 explicit, 3 auto; Pack; Size) from [StructLayout].</summary>
    private static (int Kind, int Pack, int Size) StructLayoutOf(INamedTypeSymbol type)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() != "System.Runtime.InteropServices.StructLayoutAttribute") continue;
            int kind = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int k ? k : 0;
            int pack = 0, size = 0;
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                if (named.Key == "Pack" && named.Value.Value is int p) pack = p;
                if (named.Key == "Size" && named.Value.Value is int s) size = s;
            }
            return (kind, pack, size);
        }
        // Roslyn exposes [StructLayout] of metadata types through TypeLayout rather than attributes.
        return (0, 0, 0);
    }

    private static int? FieldOffset(IFieldSymbol field)
    {
        foreach (AttributeData attribute in field.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == "System.Runtime.InteropServices.FieldOffsetAttribute"
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int offset)
                return offset;
        }
        return null;
    }

    private static int? InlineArrayLength(INamedTypeSymbol type)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == "System.Runtime.CompilerServices.InlineArrayAttribute"
                && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int length)
                return length;
        }
        return null;
    }

    /// <summary>Types of the core library are laid out as listed above or from their real fields in a full (non-reference) assembly.</summary>
    private static bool IsFromImplementationAssembly(INamedTypeSymbol type) =>
        type.ContainingAssembly?.GetAttributes().All(a => a.AttributeClass?.ToDisplayString() != "System.Runtime.CompilerServices.ReferenceAssemblyAttribute") ?? false;

    private static string MetadataName(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? $"{ns.ToDisplayString()}.{type.MetadataName}" : type.MetadataName;

    private static int RoundUp(int value, int alignment) => (value + alignment - 1) / alignment * alignment;
}
