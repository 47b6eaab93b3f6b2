using System;
using System.Linq;
using System.Threading;

namespace XCall.Samples.Multikernel;

/// <summary>
/// What arrived where: how many times each block was delivered and acknowledged, which instances greeted each core,
/// and what each core sent and received. Handlers write it; the driver reads it once the cores are idle.
/// </summary>
internal sealed class Ledger(InstanceLayout layout, long blocks)
{
    private readonly int[] _deliveries = new int[blocks];
    private readonly int[] _acknowledgements = new int[blocks];
    private readonly int[] _greetings = new int[layout.Cores * layout.Instances]; // [core, greeting instance]
    private int _corrupted;
    private int _misrouted;

    /// <summary>Per core, written only by that core.</summary>
    public PerCore<Traffic> Traffic { get; } = new();

    public int Corrupted => Volatile.Read(ref _corrupted);

    public int Misrouted => Volatile.Read(ref _misrouted);

    public void RecordGreeting(int core, int senderCore, int instance)
    {
        CheckRoute(layout.InstanceOf(senderCore) == instance && layout.InstanceOf(core) != instance);
        Interlocked.Increment(ref _greetings[core * layout.Instances + instance]);
    }

    public void RecordDelivery(int core, int senderCore, in BlockReady block, bool intact)
    {
        CheckRoute(layout.PeerCore(senderCore, block.Sequence) == core);
        if (!intact) Interlocked.Increment(ref _corrupted);
        Interlocked.Increment(ref _deliveries[block.Sequence]);
        ref Traffic traffic = ref Traffic[core];
        traffic.Received++;
        traffic.BytesReceived += block.Length;
    }

    public void RecordAcknowledgement(int core, int senderCore, long sequence)
    {
        CheckRoute(layout.PeerCore(core, sequence) == senderCore);
        Interlocked.Increment(ref _acknowledgements[sequence]);
        Traffic[core].Acknowledged++;
    }

    public int Greetings => _greetings.Sum();

    public bool EveryBlockDeliveredOnce => _deliveries.All(count => count == 1);

    public bool EveryBlockAcknowledgedOnce => _acknowledgements.All(count => count == 1);

    /// <summary>Whether every core heard once from every other instance, and never from its own.</summary>
    public bool EveryCoreGreetedOnceByEveryOtherInstance => Enumerable.Range(0, _greetings.Length)
        .All(i => _greetings[i] == (layout.InstanceOf(i / layout.Instances) == i % layout.Instances ? 0 : 1));

    public long Total(Func<Traffic, long> counter) => Total(CoreMask.Range(0, layout.Cores), counter);

    public long Total(CoreMask cores, Func<Traffic, long> counter)
    {
        long total = 0;
        foreach (int core in cores) total += counter(Traffic[core]);
        return total;
    }

    private void CheckRoute(bool routedRight)
    {
        if (!routedRight) Interlocked.Increment(ref _misrouted);
    }
}

/// <summary>One core's messages.</summary>
internal struct Traffic
{
    public long Sent;
    public long Received;
    public long BytesReceived;
    public long Acknowledged;
}
