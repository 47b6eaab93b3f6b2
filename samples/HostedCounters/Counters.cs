using System;

namespace XCall.Samples.HostedCounters;

/// <summary>A checkpoint every core records: a typed IPI message, handled by <see cref="Counters.OnCheckpoint"/>.</summary>
internal readonly record struct Checkpoint(long Epoch);

/// <summary>
/// A counter sharded per core (each core adds to its own entry only), and the epoch of the last checkpoint each core
/// saw. The host registers the IPI handler at start (<c>AddIpiHandlers(IpiHandlers.Register)</c>).
/// </summary>
internal static partial class Counters
{
    private static readonly PerCore<long> s_counts = new();
    private static readonly PerCore<long> s_epochs = new();

    /// <summary>What core <paramref name="core"/> counted, read once the runtime has stopped (nothing writes it any more).</summary>
    public static long CountedBy(int core) => s_counts[core];

    /// <summary>The epoch of the last checkpoint core <paramref name="core"/> recorded.</summary>
    public static long EpochOf(int core) => s_epochs[core];

    /// <summary>Adds <paramref name="amount"/> to this core's count (sent with <c>AddOn</c>: the caller gets a ticket at once).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative amount: the handler throws, the host logs it, the core carries on.</exception>
    [CrossCall(CallMode.Async)]
    private static void Add(long amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        s_counts.Local += amount;
    }

    /// <summary>This core's count (read with <c>ReadOnAllAsync</c>: every core's value lands in the caller's memory).</summary>
    [CrossCall(CallMode.Sync)]
    private static long Read() => s_counts.Local;

    [IpiHandler(1)]
    private static void OnCheckpoint(in IpiContext context, in Checkpoint checkpoint) => s_epochs.Local = checkpoint.Epoch;
}
