using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace XCall.Benchmarks;

/// <summary>
/// `--quick`: every DESIGN §6 figure, XCall beside its baseline in the same process, in a few seconds each
/// (best of three timed runs after a warm-up; no BenchmarkDotNet). Prints one table of ratios against the targets.
/// </summary>
public static class QuickRun
{
    public static int Run()
    {
        Console.WriteLine($"XCall quick benchmark: {Environment.ProcessorCount} CPUs, {Environment.OSVersion}, .NET {Environment.Version}");
        var rows = new List<string[]>();

        double xcallPolling = Throughput(() => new XCallAsync(polling: true), 10_000_000);
        double xcallParking = Throughput(() => new XCallAsync(polling: false), 10_000_000);
        double bounded = Throughput(() => new ChannelAsync(bounded: true), 4_000_000);
        double unbounded = Throughput(() => new ChannelAsync(bounded: false), 4_000_000);
        rows.Add(Row("async 1→1, polling core vs bounded Channel", xcallPolling, bounded, "≥ 15×", xcallPolling / bounded >= 15, perSecond: true));
        rows.Add(Row("async 1→1, parking core vs bounded Channel", xcallParking, bounded, "≥ 10×", xcallParking / bounded >= 10, perSecond: true));
        rows.Add(Row("async 1→1, polling core vs unbounded Channel", xcallPolling, unbounded, "(peer)", true, perSecond: true));

        double syncPolling = Latency(() => new XCallSync(polling: true), 300_000);
        double pingPong = Latency(() => new CacheLinePingPong(), 300_000);
        double taskRun = Latency(() => new TaskRunRoundTrip(), 30_000);
        rows.Add(Row("sync round trip, polling core vs cache-line ping-pong", syncPolling, pingPong, "≤ 2×", syncPolling <= 2 * pingPong, perSecond: false));
        rows.Add(Row("sync round trip, polling core vs Task.Run().GetResult()", syncPolling, taskRun, "≥ 5× faster", taskRun >= 5 * syncPolling, perSecond: false));

        double parked = Parked(() => new XCallParked(), 300);
        double semaphore = Parked(() => new SemaphoreHandoff(), 300);
        rows.Add(Row("sync round trip to a parked core vs semaphore hand-off", parked, semaphore, "≤ 1.5×", parked <= 1.5 * semaphore, perSecond: false));

        int cores = Math.Max(2, Environment.ProcessorCount);
        double broadcast = Latency(() => new XCallBroadcast(cores), 50_000);
        double semaphores = Latency(() => new SemaphoreBroadcast(cores), 50_000);
        rows.Add(Row($"sync broadcast to {cores} cores vs semaphores + countdown", broadcast, semaphores, "(peer)", true, perSecond: false));

        double many = Throughput(() => new XCallManyProducers(4), 4_000_000);
        double manyChannel = Throughput(() => new ChannelManyProducers(4), 4_000_000);
        rows.Add(Row("4 producers → 1 core vs bounded multi-writer Channel", many, manyChannel, "(peer)", true, perSecond: true));

        (double wakeupsPerCall, long calls) = WakeupsUnderSaturation();
        rows.Add([$"wake-ups per call under saturation ({calls:N0} calls)", $"{wakeupsPerCall:P3}", "", "", "≤ 1%", wakeupsPerCall <= 0.01 ? "yes" : "NO"]);
        rows.Add(["bytes allocated per call (post, call, broadcast, request)", $"{AllocatedPerCall():F3}", "", "", "0", AllocatedPerCall() == 0 ? "yes" : "NO"]);

        Print(["figure", "XCall", "baseline", "ratio", "target", "met"], rows);
        return 0;
    }

    private static string[] Row(string figure, double xcall, double baseline, string target, bool met, bool perSecond) =>
    [
        figure,
        perSecond ? $"{xcall / 1e6:F1} M/s" : $"{xcall:F0} ns",
        perSecond ? $"{baseline / 1e6:F1} M/s" : $"{baseline:F0} ns",
        perSecond ? $"{xcall / baseline:F2}×" : $"{xcall / baseline:F2}× the time",
        target,
        met ? "yes" : "NO",
    ];

    /// <summary>Operations per second, best of three.</summary>
    private static double Throughput(Func<Workload> create, int operations) => operations / BestSeconds(create, operations);

    /// <summary>Nanoseconds per operation, best of three.</summary>
    private static double Latency(Func<Workload> create, int operations) => BestSeconds(create, operations) * 1e9 / operations;

    private static double BestSeconds(Func<Workload> create, int operations)
    {
        using Workload workload = create();
        workload.Run(operations / 10); // warm-up: JIT tiers, lanes, pools
        double best = double.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            workload.Run(operations);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    private static double Parked(Func<ParkedRoundTrip> create, int operations)
    {
        using ParkedRoundTrip workload = create();
        workload.Run(operations / 10);
        double best = double.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            workload.Run(operations);
            best = Math.Min(best, workload.LastNanosecondsPerOperation);
        }
        return best;
    }

    private static (double PerCall, long Calls) WakeupsUnderSaturation()
    {
        using var workload = new XCallAsync(polling: false);
        workload.Run(10_000_000);
        XCallStatistics stats = workload.Runtime.GetStatistics();
        long calls = stats.WakeupsSent + stats.WakeupsCoalesced;
        return ((double)stats.WakeupsSent / calls, calls);
    }

    private static double AllocatedPerCall()
    {
        using XCallRuntime runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var request = new XCallRequest();
        void Round(int i)
        {
            Ticket ticket = Bench.AccumulateOn(runtime, 1, i);
            if (i % 64 == 0) ticket.Wait();
            Bench.IncrementOn(runtime, 1, i);
            Bench.TouchOnAll(runtime, i);
            Bench.IncrementOn(runtime, 1, request, i);
        }
        for (int i = 0; i < 10_000; i++) Round(i);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++) Round(i);
        return (GC.GetAllocatedBytesForCurrentThread() - before) / 400_000.0;
    }

    private static void Print(string[] header, List<string[]> rows)
    {
        var widths = new int[header.Length];
        foreach (string[] row in rows.Prepend(header))
            for (int c = 0; c < row.Length; c++) widths[c] = Math.Max(widths[c], row[c].Length);
        string Line(string[] row) => "| " + string.Join(" | ", Pad(row)) + " |";
        IEnumerable<string> Pad(string[] row) { for (int c = 0; c < row.Length; c++) yield return row[c].PadRight(widths[c]); }
        Console.WriteLine(Line(header));
        Console.WriteLine("|" + string.Join("|", System.Linq.Enumerable.Select(widths, w => new string('-', w + 2))) + "|");
        foreach (string[] row in rows) Console.WriteLine(Line(row));
    }
}
