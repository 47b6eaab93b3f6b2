using System.Linq;

namespace XCall.Samples;

/// <summary>The runtime's own counters (<see cref="XCallRuntime.GetStatistics"/>) as a summary table.</summary>
internal static class StatisticsTable
{
    public static void Print(XCallStatistics statistics) => new SummaryTable("Runtime statistics", "counter", "value")
        .Row("calls run, per core", string.Join(" / ", statistics.CallsPerCore.Select(Format.Count)))
        .Row("unicast calls", Format.Count(statistics.UnicastCalls))
        .Row("multicast calls", Format.Count(statistics.MulticastCalls))
        .Row("wake-ups sent", Format.Count(statistics.WakeupsSent))
        .Row("wake-ups coalesced", Format.Count(statistics.WakeupsCoalesced))
        .Row("queue-full events", Format.Count(statistics.QueueFullEvents))
        .Row("handler faults", Format.Count(statistics.TotalFaults))
        .Row("stalls reported", Format.Count(statistics.TotalStalls))
        .Print();
}
