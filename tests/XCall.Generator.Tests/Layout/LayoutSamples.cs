// Structs whose size UnmanagedLayout must predict. This file is compiled into the test assembly (the CLR's real
// layout, read with Unsafe.SizeOf) and also read as text into a Roslyn compilation (the prediction): one source, two views.
using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace XCall.Generator.Tests.Layout;

#pragma warning disable CS0169, CS0649 // fields exist only for their layout

public enum SmallEnum : byte { A }

public enum WideEnum : long { A }

public struct Empty { }

public struct ThreeBytes { public byte A, B, C; }

public struct Mixed { public byte A; public long B; public short C; }

public struct BoolAndChar { public bool A; public char B; public int C; }

public struct WithEnums { public SmallEnum A; public WideEnum B; public SmallEnum C; }

public struct Nested { public ThreeBytes A; public Mixed B; public byte C; }

public struct WithDecimal { public byte A; public decimal B; }

public struct WithNullable { public byte A; public int? B; public byte C; }

public struct WithNullableLong { public long? A; public byte B; }

public unsafe struct WithPointers { public byte A; public nint B; public int* C; public byte D; }

public struct WithGuid { public byte A; public Guid B; }

public struct WithDateTime { public byte A; public DateTime B; public TimeSpan C; }

public struct WithInt128 { public byte A; public Int128 B; }

public struct WithVector128 { public byte A; public Vector128<int> B; }

[StructLayout(LayoutKind.Sequential, Pack = 1)]
public struct Packed1 { public byte A; public long B; }

[StructLayout(LayoutKind.Sequential, Pack = 2)]
public struct Packed2 { public byte A; public int B; public byte C; }

[StructLayout(LayoutKind.Sequential, Pack = 4)]
public struct Packed4HoldingMixed { public byte A; public Mixed B; }

public struct HoldingPacked1 { public Packed1 A; public short B; }

[StructLayout(LayoutKind.Sequential, Size = 40)]
public struct Sized40 { public long A; }

[StructLayout(LayoutKind.Sequential, Size = 2)]
public struct SizeSmallerThanFields { public long A; }

[StructLayout(LayoutKind.Explicit)]
public struct Union { [FieldOffset(0)] public long A; [FieldOffset(0)] public int B; [FieldOffset(4)] public byte C; }

[StructLayout(LayoutKind.Explicit)]
public struct ExplicitUnaligned { [FieldOffset(0)] public byte A; [FieldOffset(9)] public int B; }

[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct ExplicitSized { [FieldOffset(0)] public long A; }

[StructLayout(LayoutKind.Explicit, Pack = 1)]
public struct ExplicitPacked { [FieldOffset(0)] public byte A; [FieldOffset(1)] public long B; }

public unsafe struct FixedBytes { public fixed byte Data[13]; public int Length; }

public unsafe struct FixedLongs { public byte Tag; public fixed long Values[3]; }

[InlineArray(5)]
public struct FiveInts { private int _element; }

[InlineArray(3)]
public struct ThreeMixed { private Mixed _element; }

public struct HoldingInlineArray { public byte A; public FiveInts B; }

public record struct RecordStruct(byte A, double B);

public readonly struct ReadOnlyStruct { public readonly short A; public readonly byte B; }
