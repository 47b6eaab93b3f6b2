using System.Threading;

namespace XCall.Benchmarks;

/// <summary>The calls the benchmarks make, through the generated senders (what an XCall user calls).</summary>
public static partial class Bench
{
    private static readonly PerCore<long> s_totals = new();

    /// <summary>Adds to the core's total: the smallest async call.</summary>
    [CrossCall(CallMode.Async)]
    public static void Accumulate(long value) => s_totals.Local += value;

    /// <summary>Adds to the core's total and waits: the smallest sync call, used for broadcasts.</summary>
    [CrossCall(CallMode.Sync)]
    public static void Touch(long value) => s_totals.Local += value;

    /// <summary>Returns its argument plus one: the smallest sync call with a result.</summary>
    [CrossCall(CallMode.Sync)]
    public static long Increment(long value) => value + 1;
}

/// <summary>What the baselines' consumers do per message, so both sides do the same work.</summary>
public static class Work
{
    private static long s_sink;

    public static void Consume(long value) => Volatile.Write(ref s_sink, s_sink + value);
}

/// <summary>The smallest typed IPI message.</summary>
public readonly record struct Ping(long Value);

/// <summary>The IPI handler the benchmarks send <see cref="Ping"/> to.</summary>
public static partial class BenchIpi
{
    private static readonly PerCore<long> s_pings = new();

    [IpiHandler(1)]
    public static void OnPing(in IpiContext context, in Ping ping) => s_pings.Local += ping.Value;
}
