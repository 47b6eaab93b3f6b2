using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace XCall.Benchmarks;

/// <summary>
/// `--quick`: every DESIGN §6 figure, XCall beside its baseline in the same process, without BenchmarkDotNet's full
/// runs. Each workload is warmed up, then timed three times; `--rounds N` repeats every measurement N times (one
/// workload at a time, so no idle spinner of another steals a CPU) and keeps each side's best, which steadies the
/// ratios on a noisy machine. Prints one table of ratios against the targets.
/// </summary>
public static class QuickRun
{
    private static int s_rounds = 1;

    public static int Run(string[] args)
    {
        int at = Array.IndexOf(args, "--rounds");
        if (at >= 0 && (at + 1 >= args.Length || !int.TryParse(args[at + 1], out s_rounds) || s_rounds < 1))
        {
            Console.Error.WriteLine("--rounds needs a positive number.");
            return 2;
        }
        Console.WriteLine($"XCall quick benchmark: {Environment.ProcessorCount} CPUs, {Environment.OSVersion}, .NET {Environment.Version}, best of {s_rounds} round(s)");
        var clock = Stopwatch.StartNew();
        var rows = new List<string[]>();

        double xcallPolling = Throughput(() => new XCallAsync(polling: true), 4_000_000);
        double xcallParking = Throughput(() => new XCallAsync(polling: false), 4_000_000);
        double bounded = Throughput(() => new ChannelAsync(bounded: true), 2_000_000);
        double unbounded = Throughput(() => new ChannelAsync(bounded: false), 2_000_000);
        rows.Add(Row("async 1→1, polling core vs bounded Channel", xcallPolling, bounded, "≥ 15×", xcallPolling / bounded >= 15, perSecond: true));
        rows.Add(Row("async 1→1, parking core vs bounded Channel", xcallParking, bounded, "≥ 10×", xcallParking / bounded >= 10, perSecond: true));
        rows.Add(Row("async 1→1, polling core vs unbounded Channel", xcallPolling, unbounded, "(peer)", true, perSecond: true));

        double syncPolling = Latency(() => new XCallSync(polling: true), 200_000);
        double pingPong = Latency(() => new CacheLinePingPong(), 200_000);
        double taskRun = Latency(() => new TaskRunRoundTrip(), 20_000);
        rows.Add(Row("sync round trip, polling core vs cache-line ping-pong", syncPolling, pingPong, "≤ 2×", syncPolling <= 2 * pingPong, perSecond: false));
        rows.Add(Row("sync round trip, polling core vs Task.Run().GetResult()", syncPolling, taskRun, "≥ 5× faster", taskRun >= 5 * syncPolling, perSecond: false));

        double parked = Parked(() => new XCallParked(), 200);
        double semaphore = Parked(() => new SemaphoreHandoff(), 200);
        rows.Add(Row("sync round trip to a parked core vs semaphore hand-off", parked, semaphore, "≤ 1.5×", parked <= 1.5 * semaphore, perSecond: false));

        int cores = Math.Max(2, Environment.ProcessorCount);
        double broadcast = Latency(() => new XCallBroadcast(cores), 20_000);
        double semaphores = Latency(() => new SemaphoreBroadcast(cores), 20_000);
        rows.Add(Row($"sync broadcast to {cores} cores vs semaphores + countdown", broadcast, semaphores, "(peer)", true, perSecond: false));

        double many = Throughput(() => new XCallManyProducers(4), 2_000_000);
        double manyChannel = Throughput(() => new ChannelManyProducers(4), 2_000_000);
        rows.Add(Row("4 producers → 1 core vs bounded multi-writer Channel", many, manyChannel, "(peer)", true, perSecond: true));

        double xcallGenerator = Latency(() => new GeneratorRun(xcall: true), 5) / 1e6;
        double loggerGenerator = Latency(() => new GeneratorRun(xcall: false), 5) / 1e6;
        rows.Add(["generator run, 1,000 [CrossCall] vs 1,000 [LoggerMessage] methods", $"{xcallGenerator:F0} ms", $"{loggerGenerator:F0} ms",
            $"{xcallGenerator / loggerGenerator:F2}× the time", "≤ 1×", xcallGenerator <= loggerGenerator ? "yes" : "NO"]);

        (double wakeupsPerCall, long calls) = WakeupsUnderSaturation();
        rows.Add([$"wake-ups per call under saturation ({calls:N0} calls)", $"{wakeupsPerCall:P3}", "", "", "≤ 1%", wakeupsPerCall <= 0.01 ? "yes" : "NO"]);
        rows.Add(["bytes allocated per call (post, call, broadcast, request)", $"{AllocatedPerCall():F3}", "", "", "0", AllocatedPerCall() == 0 ? "yes" : "NO"]);

        Print(["figure", "XCall", "baseline", "ratio", "target", "met"], rows);
        Console.WriteLine($"({clock.Elapsed.TotalSeconds:F0} s)");
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

    private static double BestSeconds(Func<Workload> create, int operations) => Best(create, workload =>
    {
        var clock = Stopwatch.StartNew();
        workload.Run(operations);
        return clock.Elapsed.TotalSeconds;
    }, operations);

    private static double Parked(Func<ParkedRoundTrip> create, int operations) => Best(create, workload =>
    {
        ((ParkedRoundTrip)workload).Run(operations);
        return ((ParkedRoundTrip)workload).LastNanosecondsPerOperation;
    }, operations);

    /// <summary>The smallest of three measurements per round, over all rounds; each round starts the workload afresh.</summary>
    private static double Best(Func<Workload> create, Func<Workload, double> measure, int operations)
    {
        double best = double.MaxValue;
        for (int round = 0; round < s_rounds; round++)
        {
            using Workload workload = create();
            workload.Run(operations / 10); // warm-up: JIT tiers, lanes, pools
            for (int run = 0; run < 3; run++) best = Math.Min(best, measure(workload));
        }
        return best;
    }

    private static (double PerCall, long Calls) WakeupsUnderSaturation()
    {
        using var workload = new XCallAsync(polling: false);
        workload.Run(4_000_000);
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
