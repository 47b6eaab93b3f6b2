using System.Threading;

namespace XCall.Benchmarks;

/// <summary>The benchmark handler: adds its argument to a per-core total (one add, no allocation).</summary>
public struct Accumulate : ICrossCallHandler<long>
{
    private static readonly PerCore<long> s_totals = new();

    public static string Name => "Bench.Accumulate";

    public static void Invoke(in long value, ref CallFrame frame) => s_totals.Local += value;
}

/// <summary>Returns its argument plus one: the smallest sync call with a result.</summary>
public struct Increment : ICrossCallHandler<long>
{
    public static string Name => "Bench.Increment";

    public static void Invoke(in long value, ref CallFrame frame) => frame.SetResult(value + 1);
}

/// <summary>What the baselines' consumers do per message, so both sides do the same work.</summary>
public static class Work
{
    private static long s_sink;

    public static void Consume(long value) => Volatile.Write(ref s_sink, s_sink + value);
}
