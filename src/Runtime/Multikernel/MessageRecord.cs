using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace XCall;

/// <summary>
/// How a typed message lies in a shared ring: the stamp's tag carries the type id and the sending core, the body is
/// the payload (rounded up to whole ring units). Nothing in it points anywhere: a receiver copies it out and checks it.
/// </summary>
internal static class MessageRecord
{
    private const int TypeShift = Ring.TagShift;      // 31 bits: a type id is never negative
    private const int SenderShift = TypeShift + 31;   // 17 bits: the sending core + 1 (0: not a core)
    private const ulong TypeMask = 0x7FFF_FFFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Tag(int type, int senderCore) => (ulong)(uint)type << TypeShift | (ulong)(uint)(senderCore + 1) << SenderShift;

    public static int Type(ulong stamp) => (int)((stamp >> TypeShift) & TypeMask);

    public static int SenderCore(ulong stamp) => (int)(stamp >> SenderShift) - 1;

    /// <summary>The body of a message of <paramref name="size"/> bytes in a ring: whole units.</summary>
    public static int BodyBytes(int size) => (size + Ring.UnitSize - 1) & ~(Ring.UnitSize - 1);
}

/// <summary>A message as the receiving core hands it to the handlers: where it came from, and its payload copied out of the ring.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RemoteEnvelope
{
    public int Type;
    public int SenderInstance;
    public int Size;
    public int Reserved;
    public PayloadBytes Payload;
}

/// <summary>Room for the largest payload.</summary>
[InlineArray(XCallRuntime.MaxPayloadSize / sizeof(long))]
internal struct PayloadBytes
{
    private long _element;
}

/// <summary>A ring's memory inside a segment mapping (which never moves while mapped, and is never unmapped while the process may use it).</summary>
internal sealed unsafe class SegmentMemory(byte* start, int length) : RingMemory
{
    public override byte* Start => start;

    public override int Length => length;
}
