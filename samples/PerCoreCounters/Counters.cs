namespace XCall.Samples.PerCoreCounters;

/// <summary>
/// A counter sharded per core: each core increments only its own entry, so no two threads ever write the same cache
/// line and no increment needs an atomic instruction. A total is a sync broadcast that reads every core's entry.
/// </summary>
internal static partial class Counters
{
    private static readonly PerCore<long> s_counts = new();

    /// <summary>Adds one to this core's count (sent with <c>IncrementOn</c>: the caller gets a ticket at once).</summary>
    [CrossCall(CallMode.Async)]
    private static void Increment() => s_counts.Local++;

    /// <summary>This core's count (read with <c>ReadOnAll</c>: every core's value lands in the caller's span).</summary>
    [CrossCall(CallMode.Sync)]
    private static long Read() => s_counts.Local;
}
