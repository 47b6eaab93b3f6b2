using System;
using System.Runtime.CompilerServices;

namespace XCall;

/// <summary>
/// A block of memory a <see cref="Ring"/> lays itself out in. It never moves while the ring uses it, so the ring
/// can work with raw pointers: pinned managed memory inside one process, a shared-memory mapping between processes.
/// </summary>
internal abstract unsafe class RingMemory
{
    /// <summary>The first byte, aligned to a cache line.</summary>
    public abstract byte* Start { get; }

    /// <summary>Usable bytes from <see cref="Start"/>.</summary>
    public abstract int Length { get; }
}

/// <summary>Zeroed memory on the pinned object heap: collected with its last user, never moved before.</summary>
internal sealed unsafe class PinnedMemory : RingMemory
{
    private const int LineSize = 64;

    private readonly byte[] _array; // kept reachable for as long as a ring points into it
    private readonly byte* _start;

    public PinnedMemory(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        _array = GC.AllocateArray<byte>(length + LineSize, pinned: true);
        byte* first = (byte*)Unsafe.AsPointer(ref _array[0]);
        _start = (byte*)(((nint)first + LineSize - 1) & ~(nint)(LineSize - 1));
        Length = length;
    }

    public override byte* Start => _start;

    public override int Length { get; }
}
