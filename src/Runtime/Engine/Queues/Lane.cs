using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace XCall;

/// <summary>
/// The queue from one sender thread to one core: a <see cref="Ring"/> of call records, the references that travel
/// beside them, and the outcomes of its async calls. Only the owner thread produces, only the core consumes.
/// </summary>
/// <remarks>
/// <para>An async call's ticket is (lane, position). The core copies each call out of the ring and releases its record
/// before running it, so no call — however long it waits — holds the ring for another; the call finished once the
/// core released past its position and it is neither the core's current call nor waiting on its stack.</para>
/// <para>Growth: a lane starts with room for <see cref="InitialCalls"/> calls (or the queue capacity, if smaller), so an
/// idle sender costs little. A sender that finds its lane full while the capacity allows more moves on to a ring four
/// times larger (<see cref="Ring.LinkTo"/>): positions continue, the core finishes the old ring first, and the calls
/// still in the old ring count against the new one's limit until the core gets there, so no more than the capacity
/// is ever in flight. A busy lane keeps its size.</para>
/// </remarks>
internal sealed unsafe class Lane : ITicketSource
{
    /// <summary>Ring units per call a lane is sized for: a call with up to 16 bytes of arguments takes 32 bytes.</summary>
    private const int UnitsPerCall = 4;

    /// <summary>The smallest ring: room for a largest record twice over, so any record fits an empty ring.</summary>
    private const int MinUnits = 128;

    /// <summary>Calls a new lane has room for (at most the queue capacity); it grows while its sender keeps finding it full.</summary>
    public const int InitialCalls = 256;

    private const int GrowthFactor = 4;

    private readonly int _capacity;    // the most calls in flight, however large the ring grows
    private Ring _ring;                // the producer's: where its next record goes
    private Ring _consumerRing;        // the core's: where its next record comes from (the same ring, or a predecessor)
    private int _ringCalls;            // the producer's ring's record limit
    private SlotRefs[]? _refs; // by record number; made at the first call with references (most lanes never need it)
    private OutcomeLog? _outcomes;     // made by the core at the first async failure
    private PaddedInt _dormant;        // written by the core (rarely), read by the producer after each publish
    private PaddedInt _spaceWaiter;    // written by the producer (rarely), read by the core after each release
    private int _rung;                 // a producer rang this dormant lane (see LaneSet)
    private TaskCompletionSource? _room; // completed when room frees, for senders that await it instead of blocking

    public Lane(ProducerContext owner, Core target, int queueCapacity, bool high)
    {
        Owner = owner;
        Target = target;
        IsHigh = high;
        _capacity = queueCapacity;
        _ringCalls = Math.Min(queueCapacity, InitialCalls);
        _ring = _consumerRing = NewRing(_ringCalls, position: 0, records: 0, releasedRecords: 0);
    }

    private static Ring NewRing(int calls, long position, long records, long releasedRecords)
    {
        int units = (int)Math.Max(MinUnits, BitOperations.RoundUpToPowerOf2((uint)calls * UnitsPerCall));
        var ring = new Ring(new PinnedMemory(Ring.BytesFor(units)), units, calls, position, records, releasedRecords);
        Debug.Assert(ring.MaxBodyBytes >= CallRecord.MaxBodyBytes, "every call fits an empty lane");
        return ring;
    }

    public ProducerContext Owner { get; }

    public Core Target { get; }

    public bool IsHigh { get; }

    /// <summary>Producer: the ring its next record goes to (other threads: its producer position, racily).</summary>
    public Ring Ring => Volatile.Read(ref _ring);

    /// <summary>Core: the ring its next record comes from (other threads: its release index).</summary>
    public Ring ConsumerRing => Volatile.Read(ref _consumerRing);

    XCallRuntime ITicketSource.Runtime => Target.Runtime;

    /// <summary>Calls queued or running (racy; for statistics and "any core" placement).</summary>
    public int Depth => (int)Math.Max(0, Ring.ProducerRecords - ConsumerRing.ReleasedRecords);

    // ---- producer ----

    /// <summary>Producer: publishes the claimed record, its references first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(ulong tag, in CallRefs refs, IAwaitedCall? awaited = null)
    {
        if ((CallRecord.Kind(tag) & CallKind.HasRefs) != 0) RefsAt(_ring.ProducerRecords).Set(refs, awaited);
        _ring.Publish(tag);
    }

    /// <summary>Producer: the reference slot of record <paramref name="record"/> (the array is published with the record's stamp).</summary>
    private ref SlotRefs RefsAt(long record)
    {
        SlotRefs[] refs = _refs ??= new SlotRefs[BitOperations.RoundUpToPowerOf2((uint)_ringCalls)];
        return ref refs[record & (refs.Length - 1)];
    }

    /// <summary>
    /// Producer, with nothing claimed, when its ring is full: moves on to a ring <see cref="GrowthFactor"/> times larger
    /// (see the remarks), unless the lane already holds its capacity. True if there is a new ring to try.
    /// </summary>
    public bool TryGrow()
    {
        if (_ringCalls >= _capacity) return false;
        int calls = Math.Min(_capacity, _ringCalls * GrowthFactor);
        Ring old = _ring;
        // The calls still in the old ring count against the new ring's limit until the core reaches it (then it releases there).
        long released = old.ReleasedRecords;
        Ring next = NewRing(calls, old.ProducerPosition + 1, old.ProducerRecords, released);
        if (_refs is { } refs)
        {
            // References of records still in flight move along; the core may read either array (both hold them). A copy the
            // core does not clear stays until the slot is reused: it only keeps an object alive a little longer.
            var grown = new SlotRefs[BitOperations.RoundUpToPowerOf2((uint)calls)];
            for (long record = released; record < old.ProducerRecords; record++)
                grown[record & (grown.Length - 1)] = refs[record & (refs.Length - 1)];
            Volatile.Write(ref _refs, grown);
        }
        old.LinkTo(next);
        _ringCalls = calls;
        Volatile.Write(ref _ring, next);
        return true;
    }

    /// <summary>Producer: completes the claimed record, references first, but holds its stamp (see <see cref="Ring.Hold"/>).</summary>
    public Ring.HeldRecord Hold(ulong tag, in CallRefs refs)
    {
        if ((CallRecord.Kind(tag) & CallKind.HasRefs) != 0) RefsAt(_ring.ProducerRecords).Set(refs);
        return _ring.Hold(tag);
    }

    /// <summary>Producer, after publishing: whether the core stopped polling this lane and must be told (see <see cref="LaneSet"/>).</summary>
    public bool IsDormant => Volatile.Read(ref _dormant.Value) != 0;

    /// <summary>Producer: claims the right to ring this dormant lane's doorbell (once per dormancy).</summary>
    public bool TryRing() => Interlocked.Exchange(ref _rung, 1) == 0;

    /// <summary>
    /// Producer, before blocking until <paramref name="bodyBytes"/> fit: asks the core to signal the owner's waiter on
    /// its next release. False if the room is there already.
    /// </summary>
    public bool RegisterSpaceWaiter(int bodyBytes)
    {
        Volatile.Write(ref _spaceWaiter.Value, 1);
        // Heavy half of an asymmetric Dekker: the core releases, then reads the flag with no fence (AfterRelease).
        Interlocked.MemoryBarrierProcessWide();
        if (!_ring.HasRoom(bodyBytes)) return true;
        Volatile.Write(ref _spaceWaiter.Value, 0);
        return false;
    }

    public void UnregisterSpaceWaiter() => Volatile.Write(ref _spaceWaiter.Value, 0);

    // ---- consumer (the target core) ----

    /// <summary>Core: the references of the record just taken, moved out of the lane.</summary>
    public void TakeRefs(out SlotRefs refs)
    {
        SlotRefs[] all = Volatile.Read(ref _refs)!; // written before the stamp the core acquired
        ref SlotRefs slot = ref all[(_consumerRing.ConsumerRecords - 1) & (all.Length - 1)];
        refs = slot;
        slot = default;
    }

    /// <summary>Core: an async call failed (threw, or was cancelled when <paramref name="fault"/> is null). Before the release that covers it.</summary>
    public void RecordFailure(long position, Exception? fault)
    {
        if (_outcomes is null) Volatile.Write(ref _outcomes, new OutcomeLog());
        _outcomes.Record(position, fault);
    }

    /// <summary>
    /// Core, when its ring has nothing more to take: if the ring ended in a link, continues in the successor (see the
    /// remarks) and returns it; false otherwise.
    /// </summary>
    public bool TryMoveOn(out Ring ring)
    {
        Ring old = _consumerRing;
        ring = old;
        if (old.Successor is not { } next) return false;
        old.Release(); // the link unit too: every position below the successor's start reads released
        Volatile.Write(ref _consumerRing, next);
        ring = next;
        Release(); // the successor's count of calls in flight drops to what it holds itself
        return true;
    }

    /// <summary>Core: releases what it took, and wakes the owner if it waits for room.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Release()
    {
        _consumerRing.Release();
        if (Volatile.Read(ref _spaceWaiter.Value) != 0) WakeSpaceWaiter();
    }

    private void WakeSpaceWaiter()
    {
        Volatile.Write(ref _spaceWaiter.Value, 0);
        Owner.Waiter.Signal();
        WakeRoomAwaiters();
    }

    /// <summary>Any thread: a task that completes once the core releases room in this lane (or admission changes).</summary>
    public Task RoomAsync(int bodyBytes)
    {
        TaskCompletionSource? room = Volatile.Read(ref _room);
        if (room is null || room.Task.IsCompleted)
        {
            var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            room = Interlocked.CompareExchange(ref _room, fresh, room) == room ? fresh : Volatile.Read(ref _room)!;
        }
        Volatile.Write(ref _spaceWaiter.Value, 1);
        // Heavy half of the Dekker with Release, as in RegisterSpaceWaiter; then a look that changes no producer state.
        Interlocked.MemoryBarrierProcessWide();
        if (Ring.LooksRoomy(bodyBytes) || Target.Runtime.IsClosed || !Target.IsOnline) room.TrySetResult();
        return room.Task;
    }

    /// <summary>Completes the task of senders awaiting room (the core released some, or admission changed).</summary>
    public void WakeRoomAwaiters() => Volatile.Read(ref _room)?.TrySetResult();

    /// <summary>Core: the lane goes dormant (or wakes); see <see cref="LaneSet"/>.</summary>
    public void SetDormant(bool dormant)
    {
        if (!dormant) Volatile.Write(ref _rung, 0);
        Volatile.Write(ref _dormant.Value, dormant ? 1 : 0);
    }

    /// <summary>Core-private bookkeeping of <see cref="LaneSet"/>, written every poll round that finds work in the lane.</summary>
    public PollState Polling;

    /// <summary>The next lane in a core's doorbell list (see <see cref="LaneSet"/>).</summary>
    public Lane? NextRung;

    /// <summary>Core-private bookkeeping, on lines of its own: senders read the lane's other fields on every send.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollState
    {
#pragma warning disable CS0169 // padding, never read
        private PaddedLong _before;
        /// <summary>The poll round this lane last had work.</summary>
        public long LastBusyRound;
        /// <summary>Whether the lane is in the core's active list.</summary>
        public bool IsActive;
        private PaddedLong _after;
#pragma warning restore CS0169
    }

    // ---- tickets (any thread) ----

    public TicketStatus GetStatus(long position, out Exception? fault)
    {
        fault = null;
        // Acquire the release index first: the core marks a call running before releasing it (Core.Execute).
        if (position >= ConsumerRing.ReleasedPosition || Target.IsRunning(this, position)) return TicketStatus.Pending;
        return Volatile.Read(ref _outcomes) is { } outcomes ? outcomes.Lookup(position, out fault) : TicketStatus.Completed;
    }

    /// <summary>Whether every call published before <paramref name="end"/> finished.</summary>
    public bool FinishedBelow(long end) => ConsumerRing.ReleasedPosition >= end && !Target.IsRunningBelow(this, end);
}
