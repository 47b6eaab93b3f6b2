using System.Runtime.CompilerServices;
using System.Threading;

namespace XCall;

/// <summary>
/// The unmanaged half of a queue slot, at a 64-byte aligned address in a lane's pinned memory.
/// A small call touches only the first cache line: header and the first 24 payload bytes.
/// </summary>
/// <remarks>
/// Layout: Stamp (8) | Thunk (8) | Flags (4) | Sender (4) | Result (8) | Auxiliary (8) | Payload (256) | pad.
/// The stamp is both the publication flag and the outcome: <c>position &lt;&lt; 3 | status</c>.
/// The producer writes everything else first and the stamp last; the consumer reads everything it needs
/// before it writes the terminal stamp, and never touches the slot after (the producer may reuse it at once).
/// </remarks>
internal static unsafe class Slot
{
    public const int Size = 320;
    public const int PayloadOffset = 40;
    public const int PayloadCapacity = 256;

    public static ref long Stamp(byte* slot) => ref Unsafe.AsRef<long>(slot);

    public static ref nint Thunk(byte* slot) => ref Unsafe.AsRef<nint>(slot + 8);

    public static ref SlotFlags Flags(byte* slot) => ref Unsafe.AsRef<SlotFlags>(slot + 16);

    /// <summary>The flags, read as the core reads them after completing a sync call (see <see cref="SlotFlags.Waiter"/>).</summary>
    public static SlotFlags ReadFlags(byte* slot) => (SlotFlags)Volatile.Read(ref Unsafe.AsRef<int>(slot + 16));

    /// <summary>The sync caller marks itself as about to block; only it writes the flags once the slot is published.</summary>
    public static void MarkWaiter(byte* slot) => Volatile.Write(ref Unsafe.AsRef<int>(slot + 16), (int)(Flags(slot) | SlotFlags.Waiter));

    public static ref int Sender(byte* slot) => ref Unsafe.AsRef<int>(slot + 20);

    /// <summary>Where a sync caller wants the result, or null.</summary>
    public static ref nint Result(byte* slot) => ref Unsafe.AsRef<nint>(slot + 24);

    /// <summary>The result's type handle for a sync call with a result; the message type of an IPI message.</summary>
    public static ref nint Auxiliary(byte* slot) => ref Unsafe.AsRef<nint>(slot + 32);

    public static byte* Payload(byte* slot) => slot + PayloadOffset;
}

/// <summary>The low three bits of a slot's stamp.</summary>
internal static class SlotStatus
{
    public const long Pending = 0;
    public const long Done = 2;
    public const long Faulted = 3;
    public const long Cancelled = 4;
    public const long Mask = 7;
    public const int Shift = 3;

    public static long Make(long position, long status) => position << Shift | status;

    public static bool IsTerminal(long stamp) => (stamp & Mask) >= Done;
}

[System.Flags]
internal enum SlotFlags : int
{
    None = 0,
    /// <summary>A sync unicast: the caller waits on the stamp.</summary>
    Sync = 1,
    /// <summary>The slot carries object references to clear after the call.</summary>
    HasRefs = 2,
    /// <summary>One target of a multi-core call: completes into <see cref="SlotRefs.Group"/>.</summary>
    Grouped = 4,
    /// <summary>Set by a sync caller about to block (after publishing): completing the call must wake the lane's owner.</summary>
    Waiter = 8,
    /// <summary>A small unmanaged result travels back in the slot's first payload bytes (the line the stamp is in), not
    /// through the caller's stack; its size is in the bits from <see cref="SlotResult.SizeShift"/>.</summary>
    ResultInSlot = 16,
    /// <summary>The sync caller took the outcome (or this thread handed it over before reusing the slot).</summary>
    Collected = 32,
}

/// <summary>Small results carried in the slot (see <see cref="SlotFlags.ResultInSlot"/>).</summary>
internal static class SlotResult
{
    public const int MaxSize = 16;
    public const int SizeShift = 8;

    /// <summary>The flags a sync call with a <typeparamref name="TResult"/> result sends: the result rides in the slot when
    /// it is small and unmanaged (a constant per instantiation).</summary>
    public static SlotFlags FlagsFor<TResult>() =>
        RuntimeHelpers.IsReferenceOrContainsReferences<TResult>() || Unsafe.SizeOf<TResult>() > MaxSize
            ? SlotFlags.Sync
            : SlotFlags.Sync | SlotFlags.ResultInSlot | (SlotFlags)(Unsafe.SizeOf<TResult>() << SizeShift);

    public static int SizeOf(SlotFlags flags) => ((int)flags >> SizeShift) & 0x1F;
}

/// <summary>A handler's small result, kept in its frame until the call returns (the arguments it may still read share its slot bytes).</summary>
internal struct SmallResult
{
    public long Low;
    public long High;
}
