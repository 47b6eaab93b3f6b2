using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace XCall;

/// <summary>
/// A bounded single-producer, single-consumer ring of slots from one sender thread to one core (Seastar's
/// per-pair queue, extended to every thread that sends).
/// </summary>
/// <remarks>
/// The producer publishes a slot by writing its stamp last. The consumer takes slots in order and, once per
/// batch, publishes a release index: every position below it finished. The producer reads that index only when
/// its cached copy says the ring is full (Disruptor-style gating), and a plain async call that succeeds writes
/// nothing back into its slot, so a slot's cache line crosses between the two cores once per call.
/// Sync calls, faults and cancellations also get a terminal stamp on the slot itself.
/// </remarks>
internal sealed unsafe class Lane : ITicketSource
{
    private readonly byte[] _memory; // pinned on the POH: never moves, so _slots stays valid while the lane lives
    private readonly byte* _slots;
    private Producer _producer; // written by the owner thread only
    private Consumer _consumer; // written by the target core only
    private PaddedLong _released; // written by the core once per batch; read by tickets and a full producer
    private PaddedLong _faults;   // async faults left in slots, counted by the core; the producer retires them

    public Lane(ProducerContext owner, Core target, int capacity, bool high, int id)
    {
        Owner = owner;
        Target = target;
        IsHigh = high;
        Id = id;
        Mask = capacity - 1;
        Refs = new SlotRefs[capacity];
        _memory = GC.AllocateArray<byte>(capacity * Slot.Size + 64, pinned: true);
        byte* start = (byte*)Unsafe.AsPointer(ref _memory[0]);
        _slots = (byte*)(((nint)start + 63) & ~(nint)63);
        // Slot i starts as "position i - capacity, done": no position matches before the first publish.
        for (int i = 0; i < capacity; i++) Slot.Stamp(SlotAt(i)) = SlotStatus.Make(i - capacity, SlotStatus.Done);
    }

    public ProducerContext Owner { get; }

    public Core Target { get; }

    public bool IsHigh { get; }

    /// <summary>The lane's number among its core's lanes (the core tracks nested calls by it).</summary>
    public int Id { get; }

    public int Mask { get; }

    public SlotRefs[] Refs { get; }

    public XCallRuntime Runtime => Target.Runtime;

    /// <summary>The next position the producer fills.</summary>
    public long ProducerPosition => Volatile.Read(ref _producer.Position);

    /// <summary>Every position below this one finished.</summary>
    public long Released => Volatile.Read(ref _released.Value);

    public int Depth => (int)Math.Max(0, ProducerPosition - Released);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte* SlotAt(long position) => _slots + (position & Mask) * Slot.Size;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref SlotRefs RefsAt(long position) => ref Refs[(int)(position & Mask)];

    /// <summary>Producer: the slot for the next position, or null when the queue is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte* TryClaim(out long position)
    {
        position = _producer.Position;
        // The call path reads nothing the core writes per call: only this cached copy of the release index,
        // refreshed once per lap of the ring (Disruptor-style gating).
        if (position - _producer.CachedRelease > Mask && !Refresh(position)) return null;
        if (_producer.UncollectedSync != 0) HandOver(position - Mask - 1);
        return SlotAt(position);
    }

    /// <summary>
    /// Producer, the sync caller: takes the outcome of its finished call. A small result is copied from the slot into
    /// <paramref name="location"/>; a fault is returned (or found in the archive if this thread reused the slot while it
    /// waited, see <see cref="HandOver"/>).
    /// </summary>
    public TicketStatus Collect(long position, void* location, out Exception? fault)
    {
        byte* slot = SlotAt(position);
        long stamp = Volatile.Read(ref Slot.Stamp(slot));
        if ((stamp >> SlotStatus.Shift) != position) return Runtime.Faults.Lookup(this, position, out fault); // handed over
        SlotFlags flags = Slot.Flags(slot);
        ref SlotRefs refs = ref RefsAt(position);
        fault = refs.Fault;
        refs.Fault = null; // taken here, so reusing the slot has nothing to archive
        if ((flags & SlotFlags.ResultInSlot) != 0 && fault is null)
            Unsafe.CopyBlockUnaligned(location, Slot.Payload(slot), (uint)SlotResult.SizeOf(flags));
        Slot.Flags(slot) = flags | SlotFlags.Collected;
        _producer.UncollectedSync--;
        return (stamp & SlotStatus.Mask) switch
        {
            SlotStatus.Faulted => TicketStatus.Faulted,
            SlotStatus.Cancelled => TicketStatus.Cancelled,
            _ => TicketStatus.Completed,
        };
    }

    /// <summary>
    /// Producer, about to reuse the slot of <paramref name="oldPosition"/>: if it holds a finished sync call its caller has
    /// not collected yet (a waiting core whose nested calls lapped this ring), hand the outcome to that caller's frame —
    /// the small result into its result variable (still on this thread's stack), the fault or cancellation into the archive.
    /// </summary>
    private void HandOver(long oldPosition)
    {
        byte* slot = SlotAt(oldPosition);
        SlotFlags flags = Slot.Flags(slot);
        long stamp = Volatile.Read(ref Slot.Stamp(slot));
        if ((flags & (SlotFlags.Sync | SlotFlags.Collected)) != SlotFlags.Sync || (stamp >> SlotStatus.Shift) != oldPosition) return;
        ref SlotRefs refs = ref RefsAt(oldPosition);
        if ((stamp & SlotStatus.Mask) == SlotStatus.Cancelled)
            Runtime.Faults.Add(this, oldPosition, new OperationCanceledException($"The call to core {Target.Id} was cancelled: the runtime shut down before the core ran it."));
        else if (refs.Fault is { } fault)
            Runtime.Faults.Add(this, oldPosition, fault);
        else if ((flags & SlotFlags.ResultInSlot) != 0)
            Unsafe.CopyBlockUnaligned((void*)Slot.Result(slot), Slot.Payload(slot), (uint)SlotResult.SizeOf(flags));
        refs.Fault = null;
        Slot.Flags(slot) = flags | SlotFlags.Collected;
        _producer.UncollectedSync--;
    }

    /// <summary>Producer: re-reads the release index; false if the ring is still full.</summary>
    private bool Refresh(long position)
    {
        // Acquire: pairs with PublishRelease, so the consumer is done with every slot below the index.
        long released = Volatile.Read(ref _released.Value);
        if (Volatile.Read(ref _faults.Value) != _producer.RetiredFaults)
        {
            // Some newly released slots may hold faults their tickets still report: archive them before the slots
            // are reused. Each position is scanned once (as it is released); a fault counted but not yet released
            // keeps the counts apart until a later refresh finds it.
            for (long old = _producer.CachedRelease; old < released; old++)
                if (Retire(old)) _producer.RetiredFaults++;
        }
        _producer.CachedRelease = released;
        return position - released <= Mask;
    }

    /// <summary>Producer: whether the next position is free (it stays free: only this thread fills it).</summary>
    public bool HasSpace => _producer.Position - _producer.CachedRelease <= Mask || Refresh(_producer.Position);

    /// <summary>Producer: makes a filled slot visible to the core.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(byte* slot, long position)
    {
        if ((Slot.Flags(slot) & SlotFlags.Sync) != 0) _producer.UncollectedSync++; // its caller collects it (Collect)
        // Release: the payload, thunk and references written before are visible to a consumer that sees the stamp.
        Volatile.Write(ref Slot.Stamp(slot), SlotStatus.Make(position, SlotStatus.Pending));
        Volatile.Write(ref _producer.Position, position + 1);
    }

    /// <summary>Consumer: the next published slot, claimed (the position advances before the call runs, so a nested poll skips it), or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte* TryTake(out long position)
    {
        position = _consumer.Position;
        byte* slot = SlotAt(position);
        // Acquire: pairs with Publish.
        if (Volatile.Read(ref Slot.Stamp(slot)) != SlotStatus.Make(position, SlotStatus.Pending)) return null;
        _consumer.Position = position + 1;
        return slot;
    }

    /// <summary>Consumer: the next position to take.</summary>
    public long ConsumerPosition => _consumer.Position;

    /// <summary>Consumer: whether a published slot waits.</summary>
    public bool HasWork
    {
        get
        {
            long position = _consumer.Position;
            return Volatile.Read(ref Slot.Stamp(SlotAt(position))) == SlotStatus.Make(position, SlotStatus.Pending);
        }
    }

    /// <summary>Consumer: an async call left its fault in its slot (the producer archives it before reuse).</summary>
    public void CountFault() => Volatile.Write(ref _faults.Value, _faults.Value + 1);

    /// <summary>Consumer: every position below <paramref name="position"/> finished.</summary>
    public void PublishRelease(long position)
    {
        if (_consumer.LastRelease == position) return;
        _consumer.LastRelease = position;
        // Release: every outcome written for the positions below (stamps, faults, results) is visible first.
        Volatile.Write(ref _released.Value, position);
    }

    public TicketStatus GetStatus(long position, out Exception? fault)
    {
        fault = null;
        if (position >= Volatile.Read(ref _released.Value)) return TicketStatus.Pending;
        byte* slot = SlotAt(position);
        long stamp = Volatile.Read(ref Slot.Stamp(slot));
        if ((stamp >> SlotStatus.Shift) != position) return Runtime.Faults.Lookup(this, position, out fault); // reused
        switch (stamp & SlotStatus.Mask)
        {
            case SlotStatus.Cancelled:
                return TicketStatus.Cancelled;
            case SlotStatus.Faulted:
                fault = RefsAt(position).Fault;
                // Seqlock-style check: if the owner began reusing the slot, it archived the fault first.
                if (fault is null || Volatile.Read(ref Slot.Stamp(slot)) != stamp) return Runtime.Faults.Lookup(this, position, out fault);
                return TicketStatus.Faulted;
            default:
                return TicketStatus.Completed; // a plain async call leaves its stamp pending: the release index says it ran
        }
    }

    /// <summary>Producer: moves an async call's fault out of a slot about to be reused, so its ticket still reports it.</summary>
    private bool Retire(long oldPosition)
    {
        ref SlotRefs refs = ref RefsAt(oldPosition);
        byte* slot = SlotAt(oldPosition);
        long stamp = Volatile.Read(ref Slot.Stamp(slot));
        // Sync faults stay for their caller, who takes them itself.
        if (refs.Fault is not { } fault || stamp != SlotStatus.Make(oldPosition, SlotStatus.Faulted) || (Slot.Flags(slot) & SlotFlags.Sync) != 0) return false;
        Runtime.Faults.Add(this, oldPosition, fault); // under a lock: a full fence before the clear below
        refs.Fault = null;
        return true;
    }

    private struct Producer
    {
#pragma warning disable CS0169 // padding, never read
        private PaddedLong _before;
#pragma warning restore CS0169
        public long Position;
        public long CachedRelease;
        public long RetiredFaults;
        public int UncollectedSync;
    }

    private struct Consumer
    {
#pragma warning disable CS0169 // padding, never read
        private PaddedLong _before;
#pragma warning restore CS0169
        public long Position;
        public long LastRelease;
    }
}
