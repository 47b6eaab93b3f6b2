using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace XCall;

/// <summary>
/// The queue from one sender thread to one core: a <see cref="Ring"/> of call records, the references that travel
/// beside them, and the outcomes of its async calls. Only the owner thread produces, only the core consumes.
/// </summary>
/// <remarks>
/// An async call's ticket is (lane, position). The call finished once the core released past its position and it is
/// not waiting further up the core's stack (<see cref="RunningStack"/>): the core copies each call out of the ring
/// before running it, so it releases a record as soon as the call returns — or, when the call waits and the core
/// serves its queue meanwhile, as soon as a nested poll moves on. No call ever holds the ring for another.
/// </remarks>
internal sealed unsafe class Lane : ITicketSource
{
    /// <summary>Ring units per call a lane is sized for: a call with up to 16 bytes of arguments takes 32 bytes.</summary>
    private const int UnitsPerCall = 4;

    /// <summary>The smallest ring: room for a largest record twice over, so any record fits an empty ring.</summary>
    private const int MinUnits = 128;

    private readonly Ring _ring;
    private readonly SlotRefs[] _refs; // by record number; only slots of calls with references are written
    private OutcomeLog? _outcomes;     // made by the core at the first async failure
    private PaddedInt _dormant;        // written by the core (rarely), read by the producer after each publish
    private PaddedInt _spaceWaiter;    // written by the producer (rarely), read by the core after each release
    private int _rung;                 // a producer rang this dormant lane (see LaneSet)

    public Lane(ProducerContext owner, Core target, int queueCapacity, bool high)
    {
        Owner = owner;
        Target = target;
        IsHigh = high;
        int units = (int)Math.Max(MinUnits, BitOperations.RoundUpToPowerOf2((uint)queueCapacity * UnitsPerCall));
        _ring = new Ring(new PinnedMemory(Ring.BytesFor(units)), units, queueCapacity);
        Debug.Assert(_ring.MaxBodyBytes >= CallRecord.MaxBodyBytes, "every call fits an empty lane");
        _refs = new SlotRefs[BitOperations.RoundUpToPowerOf2((uint)queueCapacity)];
    }

    public ProducerContext Owner { get; }

    public Core Target { get; }

    public bool IsHigh { get; }

    public Ring Ring => _ring;

    XCallRuntime ITicketSource.Runtime => Target.Runtime;

    /// <summary>Calls queued or running (racy; for statistics and "any core" placement).</summary>
    public int Depth => _ring.Depth;

    // ---- producer ----

    /// <summary>Producer: publishes the claimed record, its references first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(ulong tag, in CallRefs refs)
    {
        if ((CallRecord.Kind(tag) & CallKind.HasRefs) != 0) _refs[_ring.ProducerRecords & (_refs.Length - 1)].Set(refs);
        _ring.Publish(tag);
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
        ref SlotRefs slot = ref _refs[(_ring.ConsumerRecords - 1) & (_refs.Length - 1)];
        refs = slot;
        slot = default;
    }

    /// <summary>Core: an async call failed (threw, or was cancelled when <paramref name="fault"/> is null). Before the release that covers it.</summary>
    public void RecordFailure(long position, Exception? fault)
    {
        if (_outcomes is null) Volatile.Write(ref _outcomes, new OutcomeLog());
        _outcomes.Record(position, fault);
    }

    /// <summary>Core: releases what it took, and wakes the owner if it waits for room.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Release()
    {
        _ring.Release();
        if (Volatile.Read(ref _spaceWaiter.Value) != 0) WakeSpaceWaiter();
    }

    private void WakeSpaceWaiter()
    {
        Volatile.Write(ref _spaceWaiter.Value, 0);
        Owner.Waiter.Signal();
    }

    /// <summary>Core: the lane goes dormant (or wakes); see <see cref="LaneSet"/>.</summary>
    public void SetDormant(bool dormant)
    {
        if (!dormant) Volatile.Write(ref _rung, 0);
        Volatile.Write(ref _dormant.Value, dormant ? 1 : 0);
    }

    /// <summary>Core-private bookkeeping of <see cref="LaneSet"/>: the poll round this lane last had work.</summary>
    public long LastBusyRound;

    /// <summary>Core-private: whether the lane is in the core's active list.</summary>
    public bool IsActive;

    /// <summary>The next lane in a core's doorbell list (see <see cref="LaneSet"/>).</summary>
    public Lane? NextRung;

    // ---- tickets (any thread) ----

    public TicketStatus GetStatus(long position, out Exception? fault)
    {
        fault = null;
        if (position >= _ring.ReleasedPosition || Target.Stack.IsRunning(this, position)) return TicketStatus.Pending;
        return Volatile.Read(ref _outcomes) is { } outcomes ? outcomes.Lookup(position, out fault) : TicketStatus.Completed;
    }

    /// <summary>Whether every call published before <paramref name="end"/> finished.</summary>
    public bool FinishedBelow(long end) => _ring.ReleasedPosition >= end && !Target.Stack.HasLaneCallBelow(this, end);
}
