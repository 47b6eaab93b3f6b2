using System;

namespace XCall.Samples.Multikernel;

/// <summary>What block n holds: a length and bytes both sides can compute, and a checksum the receiver verifies.</summary>
internal static class BlockContent
{
    public const int MaxLength = 4096;
    private const int MinLength = 256;

    public static int LengthOf(long sequence) => MinLength + (int)(sequence * 977 % (MaxLength - MinLength + 1));

    /// <summary>Writes block <paramref name="sequence"/> into <paramref name="block"/> and returns its checksum.</summary>
    public static uint Fill(Span<byte> block, long sequence)
    {
        for (int i = 0; i < block.Length; i++) block[i] = (byte)(sequence + i * 7);
        return Checksum(block);
    }

    /// <summary>FNV-1a: any changed, lost or reordered byte changes it.</summary>
    public static uint Checksum(ReadOnlySpan<byte> block)
    {
        uint hash = 2166136261;
        foreach (byte value in block) hash = (hash ^ value) * 16777619;
        return hash;
    }
}
