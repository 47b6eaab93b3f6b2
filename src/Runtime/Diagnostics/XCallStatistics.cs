using System.Collections.Generic;
using System.Linq;

namespace XCall;

/// <summary>
/// A snapshot of a runtime's counters, the same numbers its <c>XCall</c> meter publishes (per core where that is
/// meaningful). A snapshot, not a value: two snapshots are equal only if they are the same object.
/// </summary>
public sealed class XCallStatistics
{
    internal XCallStatistics(long[] callsPerCore, long unicastCalls, long multicastCalls, long wakeupsSent, long wakeupsCoalesced,
        long queueFullEvents, long[] faultsPerCore, long[] stallsPerCore, int[] queueDepthPerCore)
    {
        CallsPerCore = callsPerCore;
        UnicastCalls = unicastCalls;
        MulticastCalls = multicastCalls;
        WakeupsSent = wakeupsSent;
        WakeupsCoalesced = wakeupsCoalesced;
        QueueFullEvents = queueFullEvents;
        FaultsPerCore = faultsPerCore;
        StallsPerCore = stallsPerCore;
        QueueDepthPerCore = queueDepthPerCore;
    }

    /// <summary>Calls each core ran (inline calls count on the calling core).</summary>
    public IReadOnlyList<long> CallsPerCore { get; }

    /// <summary>Calls sent to one core (private requests included).</summary>
    public long UnicastCalls { get; }

    /// <summary>Calls sent to several cores at once (all, others, mask), counted once per call.</summary>
    public long MulticastCalls { get; }

    /// <summary>Signals sent to parked cores, including explicit <see cref="XCallRuntime.WakeUp(in Target)"/>.</summary>
    public long WakeupsSent { get; }

    /// <summary>Sends that needed no signal because the target was awake or already signalled.</summary>
    public long WakeupsCoalesced { get; }

    /// <summary>Times a send found its queue full (whether it then waited, threw or reported it).</summary>
    public long QueueFullEvents { get; }

    /// <summary>Handler exceptions per core.</summary>
    public IReadOnlyList<long> FaultsPerCore { get; }

    /// <summary>Stalled calls reported per core.</summary>
    public IReadOnlyList<long> StallsPerCore { get; }

    /// <summary>Calls queued per core at the time of the snapshot.</summary>
    public IReadOnlyList<int> QueueDepthPerCore { get; }

    /// <summary>Calls run on all cores.</summary>
    public long TotalCalls => CallsPerCore.Sum();

    /// <summary>Handler exceptions on all cores.</summary>
    public long TotalFaults => FaultsPerCore.Sum();

    /// <summary>Stalls on all cores.</summary>
    public long TotalStalls => StallsPerCore.Sum();

    /// <summary>The numbers, for logs: <c>calls [10, 12], unicast 20, multicast 1, …</c>.</summary>
    public override string ToString() =>
        $"calls [{string.Join(", ", CallsPerCore)}], unicast {UnicastCalls}, multicast {MulticastCalls}, wake-ups sent {WakeupsSent}, " +
        $"coalesced {WakeupsCoalesced}, queue full {QueueFullEvents}, faults [{string.Join(", ", FaultsPerCore)}], " +
        $"stalls [{string.Join(", ", StallsPerCore)}], queue depth [{string.Join(", ", QueueDepthPerCore)}]";

    internal static XCallStatistics Read(XCallRuntime runtime)
    {
        // The call path counts only rare events; sends are read off the queues: every lane's producer position is the
        // number of calls published into it, and every enqueue checked once whether its core needed a wake-up.
        long inline = 0, multicast = 0, multicastSlots = 0, sent = 0, full = 0, enqueued = 0;
        foreach (ProducerContext context in runtime.Contexts)
        {
            ref ProducerContext.Hot counters = ref context.Counters;
            inline += counters.Inline;
            multicast += counters.Multicast;
            multicastSlots += counters.MulticastSlots;
            sent += counters.WakeupsSent;
            full += counters.QueueFull;
        }
        int count = runtime.CoreCount;
        var calls = new long[count];
        var faults = new long[count];
        var stalls = new long[count];
        var depths = new int[count];
        for (int i = 0; i < count; i++)
        {
            Core core = runtime.CoreAt(i);
            calls[i] = core.CallsRun;
            faults[i] = core.Faults;
            stalls[i] = runtime.StallsOf(i);
            depths[i] = core.Depth;
            enqueued += core.Inbox.Issued;
            foreach (Lane lane in core.Lanes) enqueued += lane.Ring.ProducerRecords;
            foreach (Lane lane in core.HighLanes) enqueued += lane.Ring.ProducerRecords;
        }
        long unicast = enqueued - multicastSlots + inline;
        return new XCallStatistics(calls, unicast, multicast, sent + runtime.ExplicitWakeups, enqueued - sent, full, faults, stalls, depths);
    }
}
