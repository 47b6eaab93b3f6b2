using System;
using System.Runtime.CompilerServices;

namespace XCall;

/// <summary>What a call record asks of the core besides running its handler (bits of the stamp tag).</summary>
[Flags]
internal enum CallKind : byte
{
    /// <summary>A plain async call: nothing comes back but its ticket's state.</summary>
    Async = 0,

    /// <summary>A sync call to one core: the outcome goes to the sender's reply cell whose index the record carries.</summary>
    Reply = 1,

    /// <summary>One target of a multi-core call: the outcome goes to the sender's group whose index the record carries.</summary>
    Grouped = 2,

    /// <summary>Object references travel beside the record (in the lane's reference ring).</summary>
    HasRefs = 4,

    /// <summary>The sender may cancel the call before it starts (see <see cref="ReplyCell"/>).</summary>
    Cancellable = 8,

    /// <summary>The sender awaits the call: its outcome goes to the <see cref="IAwaitedCall"/> that travels among its references.</summary>
    Awaited = 16,

    /// <summary>The body carries the time the call was sent (while queue times are recorded; see XCallMetrics).</summary>
    Timed = 32,
}

/// <summary>
/// How a call is laid out in a <see cref="Ring"/> record. The stamp's tag carries the kind, the sending core and an
/// index (a reply cell or a group of the sender); the body is the handler's thunk followed by its arguments.
/// A call with 8 bytes of arguments is 24 bytes: several share a cache line.
/// </summary>
internal static unsafe class CallRecord
{
    /// <summary>The thunk's bytes at the start of the body.</summary>
    public const int ThunkBytes = 8;

    /// <summary>The send time's bytes after the thunk, in a timed record.</summary>
    public const int TimeBytes = 8;

    /// <summary>The most argument bytes a record carries: a full payload plus an IPI message's envelope header.</summary>
    public const int MaxArgsBytes = XCallRuntime.MaxPayloadSize + IpiEnvelope.HeaderBytes;

    /// <summary>The largest body.</summary>
    public const int MaxBodyBytes = ThunkBytes + TimeBytes + MaxArgsBytes;

    private const int KindShift = Ring.TagShift;
    private const int SenderShift = KindShift + 8;
    private const int IndexShift = SenderShift + 16;

    /// <summary>The most reply cells or groups a sender can have (the index field's range).</summary>
    public const int MaxIndex = (1 << (64 - IndexShift)) - 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Tag(CallKind kind, int sender, int index) =>
        (ulong)kind << KindShift | (ulong)(ushort)sender << SenderShift | (ulong)(uint)index << IndexShift;

    public static CallKind Kind(ulong stamp) => (CallKind)(byte)(stamp >> KindShift);

    /// <summary>The sending core, or −1 for a thread that is not a core.</summary>
    public static int Sender(ulong stamp) => (short)(ushort)(stamp >> SenderShift);

    public static int Index(ulong stamp) => (int)(stamp >> IndexShift);

    /// <summary>Body bytes of a call with <typeparamref name="TArgs"/> arguments, sent at <paramref name="sentAt"/> (0: untimed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BodyBytes<TArgs>(long sentAt = 0) where TArgs : unmanaged => ThunkBytes + (sentAt != 0 ? TimeBytes : 0) + sizeof(TArgs);

    /// <summary>The kind of a call sent at <paramref name="sentAt"/>: timed when it carries a send time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CallKind Timed(CallKind kind, long sentAt) => sentAt != 0 ? kind | CallKind.Timed : kind;

    /// <summary>Writes a call's body: thunk, the send time if timed, then arguments.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write<TArgs>(byte* body, nint thunk, in TArgs args, long sentAt = 0) where TArgs : unmanaged
    {
        *(nint*)body = thunk;
        if (sentAt == 0)
        {
            Unsafe.WriteUnaligned(body + ThunkBytes, args);
            return;
        }
        *(long*)(body + ThunkBytes) = sentAt;
        Unsafe.WriteUnaligned(body + ThunkBytes + TimeBytes, args);
    }
}

/// <summary>A record's arguments, copied out of the ring before the call runs (so the ring can take new calls at once).</summary>
[InlineArray(CallRecord.MaxArgsBytes / sizeof(long))]
internal struct ArgsCopy
{
    private long _element;
}
