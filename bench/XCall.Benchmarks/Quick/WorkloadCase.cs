using System;
using System.Diagnostics;

namespace XCall.Benchmarks;

/// <summary>
/// A case that times a <see cref="Workload"/>: a fresh one each round, run in chunks (each chunk waits for its last
/// operation to finish) that grow during the warm-up to about 1 % of the measuring time, then counted until the
/// measuring time is up; disposed before the next case.
/// </summary>
public sealed class WorkloadCase : Case
{
    private readonly Func<Workload> _create;
    private readonly Func<Measured, double> _value;
    private string? _title;

    private WorkloadCase(string id, Unit unit, Func<Workload> create, Func<Measured, double> value) : base(id, unit)
    {
        _create = create;
        _value = value;
    }

    public override string Title => _title ?? Id;

    /// <summary>Operations per second, in millions.</summary>
    public static WorkloadCase Throughput(string id, Func<Workload> create) =>
        new(id, Unit.MillionPerSecond, create, m => m.Operations / m.Seconds / 1e6);

    /// <summary>Time per operation, in <paramref name="unit"/> (nanoseconds or milliseconds).</summary>
    public static WorkloadCase Latency(string id, Func<Workload> create, Unit? unit = null)
    {
        unit ??= Unit.Nanoseconds;
        double scale = unit == Unit.Milliseconds ? 1e3 : 1e9;
        return new(id, unit, create, m => m.Seconds * scale / m.Operations);
    }

    /// <summary>Bytes allocated per operation by the whole process (every thread: callers and cores).</summary>
    public static WorkloadCase Allocation(string id, Func<Workload> create) =>
        new(id, Unit.BytesPerCall, create, m => (double)m.AllocatedBytes / m.Operations);

    public override double Measure(Timing timing)
    {
        using Workload workload = _create();
        _title = workload.Name;
        return _value(Drive(workload, timing));
    }

    /// <summary>Warms <paramref name="workload"/> up, calls <paramref name="measuring"/>, then measures it.</summary>
    public static Measured Drive(Workload workload, Timing timing, Action? measuring = null)
    {
        double chunkSeconds = timing.Measure.TotalSeconds / 100;
        int chunk = 1;
        var clock = Stopwatch.StartNew();
        do
        {
            if (RunChunk(workload, chunk) < chunkSeconds && chunk < int.MaxValue / 4) chunk *= 2;
        } while (clock.Elapsed < timing.WarmUp);

        measuring?.Invoke();
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        long operations = 0;
        double seconds = 0;
        clock.Restart();
        do
        {
            seconds += RunChunk(workload, chunk);
            operations += chunk;
        } while (clock.Elapsed < timing.Measure);
        return new Measured(operations, seconds, GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }

    private static double RunChunk(Workload workload, int operations)
    {
        long start = Stopwatch.GetTimestamp();
        workload.Run(operations);
        return workload.TimedSecondsOfLastRun ?? Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}

/// <summary>What the measured part of a run counted.</summary>
public readonly record struct Measured(long Operations, double Seconds, long AllocatedBytes);
