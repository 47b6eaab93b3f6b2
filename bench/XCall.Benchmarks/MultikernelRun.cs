using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using XCall.Benchmarks.Multikernel;

namespace XCall.Benchmarks;

/// <summary>
/// `--multikernel [--rounds N]`: the multikernel figures in one run — typed IPI messages one way and as a ping-pong,
/// in one process and to another process, beside a Unix-socket request/response to the same other process, and the
/// two ways to wake a thread of another process (futex, eventfd). The bench starts its own second process. Cases
/// are interleaved over the rounds (order reversed every other round), each measured after a warm-up; in-process
/// cases get a fresh runtime (fresh threads) every round; the table shows medians, and ratios are medians of the
/// per-round ratios. Linux only.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class MultikernelRun
{
    private const int OneWayMessages = 1_000_000;
    private const int RoundTrips = 20_000;

    public static int Run(string[] args)
    {
        int at = Array.IndexOf(args, "--rounds");
        int rounds = 5;
        if (at >= 0 && (at + 1 >= args.Length || !int.TryParse(args[at + 1], out rounds) || rounds < 1))
        {
            Console.Error.WriteLine("--rounds needs a positive number.");
            return 2;
        }
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("The multikernel benchmarks need Linux.");
            return 2;
        }
        Console.WriteLine($"XCall multikernel benchmark: {Environment.ProcessorCount} CPUs, {Environment.OSVersion}, .NET {Environment.Version}, {rounds} interleaved rounds");
        var clock = Stopwatch.StartNew();
        using var peer = new CrossProcessPeer();
        (string Key, Func<Workload> Create, int Operations, bool PerSecond)[] cases =
        [
            ("in-process one-way", () => new InProcessIpiOneWay(), OneWayMessages, true),
            ("cross-process one-way", () => new CrossProcessIpiOneWay(peer), OneWayMessages, true),
            ("in-process round trip", () => new InProcessIpiRoundTrip(), RoundTrips, false),
            ("cross-process round trip", () => new CrossProcessIpiRoundTrip(peer), RoundTrips, false),
            ("unix socket round trip", () => new UnixSocketRoundTrip(peer), RoundTrips, false),
            ("futex wake round trip", () => new FutexWakeRoundTrip(peer), RoundTrips, false),
            ("eventfd wake round trip", () => new EventfdWakeRoundTrip(peer), RoundTrips, false),
        ];
        var results = cases.ToDictionary(c => c.Key, _ => new List<double>());
        for (int round = 0; round < rounds; round++)
        {
            foreach (var c in round % 2 == 0 ? cases : cases.Reverse())
            {
                using Workload workload = c.Create();
                workload.Run(c.Operations / 10); // warm-up: JIT tiers, rings, wake paths
                var timer = Stopwatch.StartNew();
                workload.Run(c.Operations);
                double seconds = timer.Elapsed.TotalSeconds;
                results[c.Key].Add(c.PerSecond ? c.Operations / seconds : seconds * 1e9 / c.Operations);
            }
        }

        Print(["case", "median", "min", "max", "unit"], cases.Select(c =>
        {
            List<double> values = results[c.Key];
            double scale = c.PerSecond ? 1e6 : 1;
            string format = c.PerSecond ? "F2" : "F0";
            return new[] { WorkloadName(c.Create), (Median(values) / scale).ToString(format), (values.Min() / scale).ToString(format), (values.Max() / scale).ToString(format), c.PerSecond ? "M msg/s" : "ns per round trip" };
        }).ToList());
        Console.WriteLine();
        Print(["ratio (median of per-round ratios)", "value"],
        [
            ["cross-process / in-process one-way throughput", $"{RatioMedian(results, "cross-process one-way", "in-process one-way"):F2}×"],
            ["cross-process / in-process round trip (time)", $"{RatioMedian(results, "cross-process round trip", "in-process round trip"):F2}×"],
            ["cross-process IPI round trip / Unix-socket round trip (time)", $"{RatioMedian(results, "cross-process round trip", "unix socket round trip"):F2}×"],
            ["futex / eventfd wake-up round trip (time)", $"{RatioMedian(results, "futex wake round trip", "eventfd wake round trip"):F2}×"],
        ]);
        MultikernelStatistics stats = peer.Instance.GetStatistics();
        Console.WriteLine();
        Console.WriteLine($"wake-ups sent to the other process: {stats.WakeupsSent:N0} for {stats.MessagesSent:N0} messages ({(double)stats.WakeupsSent / stats.MessagesSent:P3})");
        Console.WriteLine($"({clock.Elapsed.TotalSeconds:F0} s)");
        return 0;

        static string WorkloadName(Func<Workload> create)
        {
            using Workload workload = create();
            return workload.Name;
        }
    }

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double RatioMedian(Dictionary<string, List<double>> results, string numerator, string denominator) =>
        Median(results[numerator].Zip(results[denominator], (a, b) => a / b).ToList());

    private static void Print(string[] header, List<string[]> rows)
    {
        var widths = new int[header.Length];
        foreach (string[] row in rows.Prepend(header))
            for (int c = 0; c < row.Length; c++) widths[c] = Math.Max(widths[c], row[c].Length);
        string Line(string[] row) => "| " + string.Join(" | ", row.Select((cell, c) => cell.PadRight(widths[c]))) + " |";
        Console.WriteLine(Line(header));
        Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (string[] row in rows) Console.WriteLine(Line(row));
    }
}
