using System.Runtime.InteropServices;

namespace XCall;

/// <summary>A long alone on its cache line (64 bytes of padding on each side covers adjacent-line prefetch).</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedLong
{
    [FieldOffset(64)] public long Value;
}

/// <summary>An int alone on its cache line.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedInt
{
    [FieldOffset(64)] public int Value;
}

/// <summary>A reference alone on its cache line.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedRef
{
    [FieldOffset(64)] public object? Value;
}
