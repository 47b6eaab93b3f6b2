using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace XCall.Benchmarks;

/// <summary>
/// The floor for a queue on this machine: a single-producer, single-consumer ring of 8-byte items, nothing else.
/// The producer writes items and publishes its position with one release store per claim (one item, or
/// <see cref="PerClaim"/> items); the consumer reads the producer's position once per batch, consumes everything up to
/// it, and releases once per batch. It waits the way Disruptor's yielding wait strategy does: a short spin, then
/// <see cref="Thread.Yield"/>.
/// </summary>
public sealed class MinimalRing : Workload
{
    private const int Capacity = 1 << 16; // Disruptor's benchmarks use 64 Ki slots too
    private const int SpinsBeforeYield = 100;

    private readonly long[] _items = new long[Capacity];
    private readonly Thread _consumer;
    private Positions _positions;
    private long _published;    // producer's, between runs
    private long _consumerSeen; // producer's, between runs: the consumer position it last read
    private volatile bool _stop;

    public MinimalRing(int perClaim)
    {
        PerClaim = perClaim;
        _consumer = new Thread(Consume) { IsBackground = true, Name = "ring consumer" };
        _consumer.Start();
    }

    /// <summary>Items the producer writes per claim and publishes with one store.</summary>
    public int PerClaim { get; }

    public override string Name => PerClaim == 1 ? "minimal ring, one item per publish" : $"minimal ring, {PerClaim} items per publish";

    public override void Run(int operations)
    {
        // The producer's own counters stay in registers: written to fields per item, they would share a line with
        // what the consumer reads.
        long published = _published, consumerSeen = _consumerSeen;
        long[] items = _items;
        for (int i = 0; i < operations; i += PerClaim)
        {
            long next = published + Math.Min(PerClaim, operations - i);
            if (next - consumerSeen > Capacity) consumerSeen = WaitForRoom(next);
            for (long slot = published; slot < next; slot++) items[slot & (Capacity - 1)] = slot;
            Volatile.Write(ref _positions.Producer, next);
            published = next;
        }
        (_published, _consumerSeen) = (published, consumerSeen);
        var spinner = new SpinWait();
        while (Volatile.Read(ref _positions.Consumer) < published) spinner.SpinOnce(-1);
    }

    private long WaitForRoom(long next)
    {
        var spinner = new SpinWait();
        long consumer;
        while (next - (consumer = Volatile.Read(ref _positions.Consumer)) > Capacity) spinner.SpinOnce(-1);
        return consumer;
    }

    private void Consume()
    {
        long consumed = 0;
        int idle = 0;
        long[] items = _items;
        while (!_stop)
        {
            long available = Volatile.Read(ref _positions.Producer);
            if (available == consumed)
            {
                if (++idle > SpinsBeforeYield) Thread.Yield();
                continue;
            }
            idle = 0;
            for (; consumed < available; consumed++) Work.Consume(items[consumed & (Capacity - 1)]);
            Volatile.Write(ref _positions.Consumer, consumed);
        }
    }

    public override void Dispose()
    {
        _stop = true;
        _consumer.Join();
    }

    /// <summary>Each side's position on its own cache line, away from the other's and from the items.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct Positions
    {
        [FieldOffset(64)] public long Producer;
        [FieldOffset(192)] public long Consumer;
    }
}
