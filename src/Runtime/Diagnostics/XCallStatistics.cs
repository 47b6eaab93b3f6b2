using System.Collections.Generic;
using System.Linq;

namespace XCall;

/// <summary>
/// A snapshot of a runtime's counters, the same numbers its <c>XCall</c> meter publishes
/// (NetBSD's evcnt counters, per core where that is meaningful).
/// </summary>
/// <param name="CallsPerCore">Calls each core ran (inline calls count on the calling core).</param>
/// <param name="UnicastCalls">Calls sent to one core (private requests included).</param>
/// <param name="MulticastCalls">Calls sent to several cores at once (all, others, mask), counted once per call.</param>
/// <param name="WakeupsSent">Signals sent to parked cores, including explicit <see cref="XCallRuntime.WakeUp(in Target)"/>.</param>
/// <param name="WakeupsCoalesced">Sends that needed no signal because the target was awake or already signalled.</param>
/// <param name="QueueFullEvents">Times a send found its queue full (whether it then waited, threw or reported busy).</param>
/// <param name="FaultsPerCore">Handler exceptions per core.</param>
/// <param name="StallsPerCore">Stalled calls reported per core.</param>
/// <param name="QueueDepthPerCore">Calls queued per core at the time of the snapshot.</param>
public sealed record XCallStatistics(
    IReadOnlyList<long> CallsPerCore,
    long UnicastCalls,
    long MulticastCalls,
    long WakeupsSent,
    long WakeupsCoalesced,
    long QueueFullEvents,
    IReadOnlyList<long> FaultsPerCore,
    IReadOnlyList<long> StallsPerCore,
    IReadOnlyList<int> QueueDepthPerCore)
{
    /// <summary>Calls run on all cores.</summary>
    public long TotalCalls => CallsPerCore.Sum();

    /// <summary>Handler exceptions on all cores.</summary>
    public long TotalFaults => FaultsPerCore.Sum();

    /// <summary>Stalls on all cores.</summary>
    public long TotalStalls => StallsPerCore.Sum();

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
