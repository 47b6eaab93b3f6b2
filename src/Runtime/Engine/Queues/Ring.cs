using System;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics;
using System.Threading;

namespace XCall;

/// <summary>
/// A bounded single-producer, single-consumer queue of variable-length records in memory it does not own
/// (<see cref="RingMemory"/>). It knows nothing of calls: a record is a stamp word and a body of bytes.
/// </summary>
/// <remarks>
/// <para>Layout: a control line (the consumer's release index) and then the records, in 8-byte units. A record is one
/// stamp unit followed by its body; it never wraps around the end (the producer pads to the end instead).</para>
/// <para>Publication: the stamp is the record's "published" flag and is written last. Its low byte is the record's
/// length in units (never 0), bit 8 marks padding, and the bits from <see cref="TagShift"/> up belong to the user.
/// Before publishing a record the producer zeroes the stamp that follows it, so the consumer always finds either a
/// record published in this lap or a zero: stale bytes of an earlier lap are never mistaken for a record.</para>
/// <para>Release: the consumer publishes how far it got (units and records) whenever it likes; everything below is
/// free for the producer again. The producer reads that index only when its cached copy says the ring is full
/// (Disruptor-style gating), so a publish writes nothing the consumer writes.</para>
/// <para>Bounds: at most <c>recordLimit</c> records are in flight, and every record the ring accepts fits when it
/// is empty. Every stamp the consumer reads is checked against the ring's bounds, so a corrupt or hostile ring
/// (in shared memory) is reported, never followed out of bounds.</para>
/// <para>Succession: the producer may move on to a larger ring (<see cref="LinkTo"/>). It writes a one-unit link
/// stamp where its next record would go; the consumer, reaching it after every earlier record, takes it and continues
/// in the successor, whose positions and record numbers continue this ring's. Only a ring in this process can be
/// linked: a link stamp in a ring nobody linked is corrupt.</para>
/// </remarks>
internal sealed unsafe class Ring
{
    /// <summary>Bytes per unit: records are 8-byte aligned.</summary>
    public const int UnitSize = 8;

    /// <summary>The first stamp bit that belongs to the user.</summary>
    public const int TagShift = 16;

    private const int ControlBytes = 128;
    private const ulong UnitsMask = 0xFF;
    private const ulong PadFlag = 0x100;
    private const ulong LinkFlag = 0x200;

    private readonly RingMemory _memory; // kept reachable: the pointers below point into it
    private readonly long* _released;     // [0] units, [1] records: written by the consumer only
    private readonly byte* _records;
    private readonly long _capacity;      // units
    private readonly long _mask;
    private readonly long _recordLimit;
    private Producer _producer;
    private Consumer _consumer;
    private Ring? _successor; // set by the producer before its link stamp; the consumer follows it after taking the stamp

    /// <summary>
    /// Lays a ring of <paramref name="capacityUnits"/> units out in <paramref name="memory"/> (which must be zeroed),
    /// starting at <paramref name="position"/> and record number <paramref name="records"/> (a successor continues its
    /// predecessor's), with <paramref name="releasedRecords"/> counted as released so far: a successor counts its
    /// predecessor's calls still in flight against its record limit until its consumer arrives.
    /// </summary>
    public Ring(RingMemory memory, int capacityUnits, int recordLimit, long position = 0, long records = 0, long releasedRecords = 0)
    {
        Debug.Assert(capacityUnits >= 4 && BitOperations.IsPow2(capacityUnits), "the capacity is a power of two");
        Debug.Assert(recordLimit >= 1);
        if (memory.Length < BytesFor(capacityUnits)) throw new ArgumentException("The memory is too small for the ring.", nameof(memory));
        _memory = memory;
        _released = (long*)memory.Start;
        _records = memory.Start + ControlBytes;
        _capacity = capacityUnits;
        _mask = capacityUnits - 1;
        _recordLimit = recordLimit;
        MaxBodyBytes = (int)Math.Min((long)UnitsMask - 1, _capacity / 2 - 2) * UnitSize;
        Debug.Assert(releasedRecords <= records && records - releasedRecords <= recordLimit, "a successor takes over no more than it can hold");
        if (position != 0 || releasedRecords != 0)
        {
            // A successor's own memory (fresh, no consumer yet). A ring at 0 writes nothing: it may be a view of shared
            // memory another process already consumes from.
            _released[0] = position;
            _released[1] = releasedRecords;
        }
        _producer.Position = _producer.CachedUnits = _consumer.Position = position;
        _producer.Records = _consumer.Records = records;
        _producer.CachedRecords = releasedRecords;
    }

    /// <summary>The memory a ring of <paramref name="capacityUnits"/> units needs.</summary>
    public static int BytesFor(int capacityUnits) => ControlBytes + capacityUnits * UnitSize;

    /// <summary>The largest body a record may have (it always fits into an empty ring).</summary>
    public int MaxBodyBytes { get; }

    /// <summary>Units a record with <paramref name="bodyBytes"/> of body takes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int UnitsFor(int bodyBytes) => 1 + ((bodyBytes + UnitSize - 1) >> 3);

    /// <summary>Everything below this position (in units) was released by the consumer.</summary>
    public long ReleasedPosition => Volatile.Read(ref _released[0]);

    /// <summary>Records the consumer released so far.</summary>
    public long ReleasedRecords => Volatile.Read(ref _released[1]);

    /// <summary>The position (in units) the producer publishes at next.</summary>
    public long ProducerPosition => Volatile.Read(ref _producer.Position);

    /// <summary>Records the producer published so far.</summary>
    public long ProducerRecords => Volatile.Read(ref _producer.Records);

    /// <summary>Records published and not yet released (racy when read by a third thread; for statistics).</summary>
    public int Depth => (int)Math.Max(0, ProducerRecords - ReleasedRecords);

    // ---- producer side: one thread at a time ----

    /// <summary>
    /// Producer: claims room for a record with <paramref name="bodyBytes"/> of body and returns where the body goes,
    /// or null when the ring is full. Nothing is visible to the consumer until <see cref="Publish(ulong)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte* TryClaim(int bodyBytes, out long position)
    {
        Debug.Assert(bodyBytes >= 0 && bodyBytes <= MaxBodyBytes, "a body the ring can hold");
        AssertProducerInvariants();
        long units = UnitsFor(bodyBytes);
        long next = _producer.Position;
        long offset = next & _mask;
        position = offset + units <= _capacity ? next : next + _capacity - offset; // pad to the end, never wrap
        // Room for the record and for the next record's stamp (zeroed at publish), and for one more record.
        if (position + units + 1 - _producer.CachedUnits > _capacity || _producer.Records - _producer.CachedRecords >= _recordLimit)
        {
            if (!Refresh(position + units)) return null;
        }
        if (position != next) Pad(next, position);
        _producer.Claimed = position;
        _producer.ClaimedUnits = units;
        return (byte*)StampAt(position) + UnitSize;
    }

    /// <summary>Producer: whether a record with <paramref name="bodyBytes"/> of body would fit now (it then stays fitting:
    /// only the consumer changes the free space, and only by releasing).</summary>
    public bool HasRoom(int bodyBytes)
    {
        long units = UnitsFor(bodyBytes);
        long position = _producer.Position;
        long offset = position & _mask;
        long start = offset + units <= _capacity ? position : position + _capacity - offset;
        return (start + units + 1 - _producer.CachedUnits <= _capacity && _producer.Records - _producer.CachedRecords < _recordLimit)
            || Refresh(start + units);
    }

    /// <summary>
    /// Any thread: whether a record with <paramref name="bodyBytes"/> of body would fit, judged from the published
    /// indexes only (it changes no producer state). For a waiter that is not the producer thread; the producer re-checks.
    /// </summary>
    public bool LooksRoomy(int bodyBytes)
    {
        long units = UnitsFor(bodyBytes);
        long position = ProducerPosition;
        long offset = position & _mask;
        long start = offset + units <= _capacity ? position : position + _capacity - offset;
        return start + units + 1 - ReleasedPosition <= _capacity && ProducerRecords - ReleasedRecords < _recordLimit;
    }

    /// <summary>Producer: publishes the record claimed last, with <paramref name="tag"/> in the stamp bits from <see cref="TagShift"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(ulong tag)
    {
        Debug.Assert((tag & ((1UL << TagShift) - 1)) == 0, "the low stamp bits are the ring's");
        long start = _producer.Claimed;
        long end = start + _producer.ClaimedUnits;
        *StampAt(end) = 0; // the next stamp reads "not yet" until its record is published (TryClaim checked it is free)
        // Release: the body, and the zero above, are visible to a consumer that sees this stamp.
        Volatile.Write(ref *StampAt(start), tag | (ulong)_producer.ClaimedUnits);
        _producer.Records++;
        Volatile.Write(ref _producer.Position, end);
    }

    /// <summary>
    /// Producer: completes the claimed record but leaves its stamp zero, so the consumer stops before it — and before
    /// every record published after it. <see cref="Publish(HeldRecord)"/> then publishes them all with one store.
    /// </summary>
    public HeldRecord Hold(ulong tag)
    {
        Debug.Assert((tag & ((1UL << TagShift) - 1)) == 0, "the low stamp bits are the ring's");
        long start = _producer.Claimed;
        long end = start + _producer.ClaimedUnits;
        *StampAt(end) = 0;
        _producer.Records++;
        Volatile.Write(ref _producer.Position, end);
        return new HeldRecord(this, start, tag | (ulong)_producer.ClaimedUnits);
    }

    /// <summary>Producer: publishes a held record of this ring, and with it everything published after it (here and in successors).</summary>
    public void Publish(HeldRecord held) =>
        // Release: every record written since the hold is visible to a consumer that sees this stamp.
        Volatile.Write(ref *StampAt(held.Position), held.Stamp);

    /// <summary>
    /// Producer, with nothing claimed: makes <paramref name="successor"/> (which starts where this ring's next record
    /// would, plus the link unit) the ring the consumer continues in once it has taken every record published here.
    /// </summary>
    public void LinkTo(Ring successor)
    {
        Debug.Assert(successor.ProducerPosition == _producer.Position + 1 && successor.ProducerRecords == _producer.Records, "the successor continues this ring");
        _successor = successor;
        // Release: the successor is visible to a consumer that sees the stamp. The unit is free: every publish kept
        // room for the stamp after its record (see TryClaim).
        Volatile.Write(ref *StampAt(_producer.Position), LinkFlag | 1);
        Volatile.Write(ref _producer.Position, _producer.Position + 1);
    }

    /// <summary>Consumer: the ring to continue in, once <see cref="TryTake"/> took this ring's link stamp; else null.</summary>
    public Ring? Successor => _consumer.Linked ? _successor : null;

    /// <summary>Producer: fills the rest of the lap with a padding record, so the next record starts the next lap.</summary>
    private void Pad(long position, long start)
    {
        *StampAt(start) = 0; // the real record's stamp, published later
        Volatile.Write(ref *StampAt(position), PadFlag | (ulong)(start - position));
        Volatile.Write(ref _producer.Position, start);
    }

    /// <summary>Producer: re-reads the release index; whether a record ending at <paramref name="end"/> fits.</summary>
    private bool Refresh(long end)
    {
        // Acquire, records first: the units read after are at least as new, so the space is never overestimated.
        _producer.CachedRecords = Volatile.Read(ref _released[1]);
        _producer.CachedUnits = Volatile.Read(ref _released[0]);
        return end + 1 - _producer.CachedUnits <= _capacity && _producer.Records - _producer.CachedRecords < _recordLimit;
    }

    // ---- consumer side: one thread ----

    /// <summary>
    /// Consumer: the next published record's body (skipping padding), or null (also once it took the link to a
    /// <see cref="Successor"/>). <paramref name="stamp"/> holds its
    /// tag and length, <paramref name="position"/> its position in units; the record stays the consumer's until
    /// <see cref="Release"/> passes it.
    /// </summary>
    /// <exception cref="InvalidDataException">A stamp points outside the ring, or padding that does not end its lap or follows padding (corrupt shared memory).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte* TryTake(out ulong stamp, out long position)
    {
        AssertConsumerInvariants();
        bool padded = false;
        while (!_consumer.Linked) // past the link, the units are not this ring's to read
        {
            position = _consumer.Position;
            // Acquire: pairs with Publish, so the body is complete.
            stamp = Volatile.Read(ref *StampAt(position));
            if (stamp == 0) return null;
            long units = (long)(stamp & UnitsMask);
            // Padding only ever fills the rest of a lap, and a record follows it: anything else could loop forever.
            bool padding = (stamp & PadFlag) != 0;
            if (units == 0 || (position & _mask) + units > _capacity || (padding && (padded || (position & _mask) + units != _capacity)))
                ThrowCorrupt(position, stamp);
            if ((stamp & LinkFlag) != 0)
            {
                // The end of this ring: only a link this process's producer wrote (its successor set) is followed.
                if (units != 1 || padding || Volatile.Read(ref _successor) is null) ThrowCorrupt(position, stamp);
                _consumer.Position = position + 1;
                _consumer.Linked = true;
                return null;
            }
            _consumer.Position = position + units;
            if (padding)
            {
                padded = true;
                continue;
            }
            _consumer.Records++;
            return (byte*)StampAt(position) + UnitSize;
        }
        stamp = 0;
        position = _consumer.Position;
        return null;
    }

    /// <summary>The body length of a record with <paramref name="stamp"/>.</summary>
    public static int BodyBytes(ulong stamp) => ((int)(stamp & UnitsMask) - 1) * UnitSize;

    /// <summary>Consumer: whether a record (or padding, or the link to a successor) waits.</summary>
    public bool HasRecord => !_consumer.Linked && Volatile.Read(ref *StampAt(_consumer.Position)) != 0;

    /// <summary>Consumer: the position of the next record to take.</summary>
    public long ConsumerPosition => _consumer.Position;

    /// <summary>Consumer: records taken so far (the record just taken is number <c>ConsumerRecords − 1</c>).</summary>
    public long ConsumerRecords => _consumer.Records;

    /// <summary>Consumer: the producer may reuse everything taken so far.</summary>
    public void Release()
    {
        // Release, units first: a reader that sees the record count also sees at least as many units.
        Volatile.Write(ref _released[0], _consumer.Position);
        Volatile.Write(ref _released[1], _consumer.Records);
    }

    /// <summary>What the producer knows must hold: its cached view of the release index never runs ahead of it.</summary>
    [Conditional("DEBUG")]
    private void AssertProducerInvariants()
    {
        Debug.Assert(_producer.CachedUnits <= _producer.Position, "released beyond what was published");
        Debug.Assert(_producer.Position - _producer.CachedUnits <= _capacity, "more in flight than the ring holds");
        Debug.Assert(_producer.CachedRecords <= _producer.Records, "released more records than were published");
    }

    /// <summary>What the consumer knows must hold: it released no more than it took.</summary>
    [Conditional("DEBUG")]
    private void AssertConsumerInvariants()
    {
        Debug.Assert(Volatile.Read(ref _released[0]) <= _consumer.Position, "released beyond the consumer's position");
        Debug.Assert(Volatile.Read(ref _released[1]) <= _consumer.Records, "released more records than were taken");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong* StampAt(long position) => (ulong*)(_records + (position & _mask) * UnitSize);

    [DoesNotReturn]
    private static void ThrowCorrupt(long position, ulong stamp) =>
        throw new InvalidDataException($"Corrupt ring: the record at unit {position} has stamp 0x{stamp:x16}, which does not fit the ring.");

    /// <summary>A record of <paramref name="Ring"/> published but for its stamp (see <see cref="Hold"/>).</summary>
    internal readonly record struct HeldRecord(Ring Ring, long Position, ulong Stamp);

    [StructLayout(LayoutKind.Sequential)]
    private struct Producer
    {
#pragma warning disable CS0169 // padding, never read
        private PaddedLong _before;
#pragma warning restore CS0169
        public long Position;
        public long Records;
        public long CachedUnits;
        public long CachedRecords;
        public long Claimed;
        public long ClaimedUnits;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Consumer
    {
#pragma warning disable CS0169 // padding, never read
        private PaddedLong _before;
#pragma warning restore CS0169
        public long Position;
        public long Records;
        public bool Linked;
        private PaddedLong _after;
    }
}
