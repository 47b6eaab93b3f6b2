using System;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;

namespace XCall;

/// <summary>
/// Where everything lies in an instance's segment, computed from the few numbers its header holds. A peer's layout
/// is read once from its header, checked, and from then on only this snapshot is used: a value a peer changes later
/// can never move a read out of bounds.
/// </summary>
/// <remarks>
/// <code>
/// header     one page    identity, shape, state, and the incarnation of each peer whose messages it accepts
///                        (written by the owner only; peers map it read-only)
/// shared     pages       the owner's attention word, one wake word per core, its buffer states and buffers
/// senders    one region per possible peer s: s's knock and active lanes, then one ring per (lane, core), each with
///            a line s writes (it waits for a signal) and a line the owner writes (handled count and recent faults)
/// </code>
/// </remarks>
internal readonly unsafe struct SegmentLayout
{
    public const ulong Magic = 0x4B4D2D4C4C414358; // "XCALL-MK"
    public const int Version = 1;
    public const int PageBytes = 4096;
    public const int LineBytes = 128;

    /// <summary>Ring units per message a ring is sized for: a message of up to 24 bytes takes 32.</summary>
    private const int UnitsPerMessage = 4;
    private const int MinRingUnits = 128;
    private const int LaneHeaderBytes = 2 * LineBytes; // the sender's line, then the owner's reply line

    public SegmentLayout(int cores, int maxInstances, int senderSlots, int ringRecords, int bufferSize, int bufferCount)
    {
        Cores = cores;
        MaxInstances = maxInstances;
        SenderSlots = senderSlots;
        RingRecords = ringRecords;
        RingUnits = (int)Math.Max(MinRingUnits, BitOperations.RoundUpToPowerOf2((uint)ringRecords * UnitsPerMessage));
        BufferSize = bufferSize;
        BufferCount = bufferCount;
        LaneBytes = RoundUp(LaneHeaderBytes + Ring.BytesFor(RingUnits), LineBytes);
        StatesOffset = PageBytes + LineBytes + (long)cores * LineBytes;
        DataOffset = RoundUp(StatesOffset + (long)bufferCount * sizeof(int), PageBytes);
        SendersOffset = RoundUp(DataOffset + (long)bufferCount * bufferSize, PageBytes);
        RegionBytes = RoundUp(LineBytes + (long)senderSlots * cores * LaneBytes, PageBytes);
        SegmentBytes = SendersOffset + maxInstances * RegionBytes;
    }

    public int Cores { get; }

    public int MaxInstances { get; }

    public int SenderSlots { get; }

    public int RingRecords { get; }

    public int RingUnits { get; }

    public int BufferSize { get; }

    public int BufferCount { get; }

    /// <summary>Bytes of one lane: its two lines and its ring.</summary>
    public long LaneBytes { get; }

    public long StatesOffset { get; }

    public long DataOffset { get; }

    public long SendersOffset { get; }

    public long RegionBytes { get; }

    public long SegmentBytes { get; }

    /// <summary>Where the shared part begins (everything a peer may write): right after the header page.</summary>
    public static long SharedOffset => PageBytes;

    public static long AttentionOffset => PageBytes;

    public static long WakeWordOffset(int core) => PageBytes + LineBytes + (long)core * LineBytes;

    public long RegionOffset(int sender) => SendersOffset + sender * RegionBytes;

    /// <summary>The lane of <paramref name="sender"/>'s slot <paramref name="slot"/> into core <paramref name="core"/>.</summary>
    public long LaneOffset(int sender, int slot, int core) => RegionOffset(sender) + LineBytes + ((long)slot * Cores + core) * LaneBytes;

    public static long ReplyLineOffset => LineBytes;

    public static long RingOffset => LaneHeaderBytes;

    public int RingBytes => Ring.BytesFor(RingUnits);

    /// <summary>Writes a fresh header for instance <paramref name="instance"/> (the file is zeroed).</summary>
    public void WriteHeader(SegmentHeader* header, int instance, ulong incarnation)
    {
        header->Magic = Magic;
        header->LayoutVersion = Version;
        header->HeaderBytes = PageBytes;
        header->SegmentBytes = SegmentBytes;
        header->Instance = instance;
        header->Cores = Cores;
        header->MaxInstances = MaxInstances;
        header->SenderSlots = SenderSlots;
        header->RingRecords = RingRecords;
        header->BufferSize = BufferSize;
        header->BufferCount = BufferCount;
        header->Pid = Environment.ProcessId;
        header->Incarnation = incarnation;
    }

    /// <summary>
    /// Reads and checks the header of instance <paramref name="instance"/>'s segment (<paramref name="fileBytes"/> long)
    /// against this instance's shape; every number is copied once and checked before anything is derived from it.
    /// </summary>
    /// <exception cref="InvalidDataException">The header is not a segment of this layout version, or its numbers do not add up.</exception>
    public SegmentLayout ReadPeer(SegmentHeader* header, long fileBytes, int instance, string path)
    {
        SegmentHeader copy = *header; // one snapshot: the owner may change its header while we read it
        string where = $"the segment of instance {instance} ({path})";
        if (copy.Magic != Magic) throw Corrupt(where, $"it does not start with the multikernel magic (found 0x{copy.Magic:x16})");
        if (copy.LayoutVersion != Version) throw Corrupt(where, $"its layout version is {copy.LayoutVersion}; this XCall reads version {Version}");
        if (copy.HeaderBytes != PageBytes) throw Corrupt(where, $"its header claims {copy.HeaderBytes} bytes instead of {PageBytes}");
        if (copy.Instance != instance) throw Corrupt(where, $"its header names instance {copy.Instance}");
        if (copy.Incarnation == 0) throw Corrupt(where, "it has no incarnation");
        if (copy.MaxInstances != MaxInstances || copy.SenderSlots != SenderSlots)
            throw Corrupt(where, $"it was joined with MaxInstances {copy.MaxInstances} and SenderSlots {copy.SenderSlots}; this instance uses {MaxInstances} and {SenderSlots}. Every instance of a multikernel must use the same values");
        if (copy.Cores < 1 || copy.Cores > CoreMask.Capacity) throw Corrupt(where, $"it claims {copy.Cores} cores");
        if (copy.RingRecords < 2 || copy.RingRecords > MultikernelOptions.MaxQueueCapacity || !BitOperations.IsPow2(copy.RingRecords))
            throw Corrupt(where, $"it claims rings of {copy.RingRecords} records");
        if (copy.BufferSize < 1 || copy.BufferSize > MultikernelOptions.MaxBufferSize || copy.BufferCount < 1 || copy.BufferCount > MultikernelOptions.MaxBufferCount)
            throw Corrupt(where, $"it claims {copy.BufferCount} buffers of {copy.BufferSize} bytes");
        var layout = new SegmentLayout(copy.Cores, copy.MaxInstances, copy.SenderSlots, copy.RingRecords, copy.BufferSize, copy.BufferCount);
        if (copy.SegmentBytes != layout.SegmentBytes || layout.SegmentBytes > fileBytes)
            throw Corrupt(where, $"its header claims {copy.SegmentBytes} bytes, its shape needs {layout.SegmentBytes} and the file has {fileBytes}");
        return layout;
    }

    private static InvalidDataException Corrupt(string where, string problem) =>
        new($"Refusing {where}: {problem}.");

    private static long RoundUp(long value, long unit) => (value + unit - 1) / unit * unit;
}

/// <summary>The fixed part of a segment's header; the accepted-incarnation table follows it (one <c>ulong</c> per instance id).</summary>
[StructLayout(LayoutKind.Explicit, Size = SegmentLayout.LineBytes)]
internal struct SegmentHeader
{
    [FieldOffset(0)] public ulong Magic;
    [FieldOffset(8)] public int LayoutVersion;
    [FieldOffset(12)] public int HeaderBytes;
    [FieldOffset(16)] public long SegmentBytes;
    [FieldOffset(24)] public int Instance;
    [FieldOffset(28)] public int Cores;
    [FieldOffset(32)] public int MaxInstances;
    [FieldOffset(36)] public int SenderSlots;
    [FieldOffset(40)] public int RingRecords;
    [FieldOffset(44)] public int BufferSize;
    [FieldOffset(48)] public int BufferCount;
    [FieldOffset(52)] public int Pid;
    [FieldOffset(56)] public ulong Incarnation;

    /// <summary>A <see cref="InstanceState"/>; written with release semantics by the owner.</summary>
    [FieldOffset(64)] public int State;

    /// <summary>The incarnation of each peer whose messages this instance accepts (0: none), by instance id.</summary>
    public static unsafe ulong* Accepted(SegmentHeader* header) => (ulong*)((byte*)header + SegmentLayout.LineBytes);
}

/// <summary>The first line of a sender's region in a receiver's segment (written by the sender).</summary>
[StructLayout(LayoutKind.Explicit, Size = SegmentLayout.LineBytes)]
internal struct RegionLine
{
    /// <summary>The sender's incarnation, asking the owner to accept its messages.</summary>
    [FieldOffset(0)] public ulong Knock;

    /// <summary>Bit <c>n</c>: the sender's lane slot <c>n</c> is in use (the owner's cores look at those lanes only).</summary>
    [FieldOffset(64)] public ulong ActiveSlots;
}

/// <summary>The line of a lane that its sender writes.</summary>
[StructLayout(LayoutKind.Explicit, Size = SegmentLayout.LineBytes)]
internal struct SenderLine
{
    /// <summary>1: the sender waits (for room) and wants its attention word signalled after the next release.</summary>
    [FieldOffset(0)] public int WantsSignal;
}

/// <summary>The line of a lane that its receiver writes: how far it handled the lane, and its recent faults.</summary>
[StructLayout(LayoutKind.Explicit, Size = SegmentLayout.LineBytes)]
internal unsafe struct ReplyLine
{
    public const int FaultSlots = 13;

    /// <summary>Every record below this number finished running.</summary>
    [FieldOffset(0)] public long Handled;

    /// <summary>How many records faulted (the newest <see cref="FaultSlots"/> are in <see cref="Faults"/>).</summary>
    [FieldOffset(8)] public long FaultCount;

    /// <summary>Records below this number may have faulted without a trace left here.</summary>
    [FieldOffset(16)] public long ExpiredBelow;

    [FieldOffset(24)] public fixed long Faults[FaultSlots];
}

/// <summary>Where an instance is in its life, as its header says.</summary>
internal enum InstanceState
{
    Joining = 0,
    Live = 1,
    Leaving = 2,
    Left = 3,
}
