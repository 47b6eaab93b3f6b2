using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;

namespace XCall.Benchmarks;

/// <summary>
/// <c>--quick</c>: every case in one process, interleaved over rounds (the order reversed every other round, so drift
/// over the run falls on both sides of a comparison), each case on fresh threads it stops before the next one starts.
/// Prints every case's median, min, max and per-round values, and every figure's per-round ratios and median.
/// </summary>
public static class QuickRun
{
    public static int Run(string[] args)
    {
        if (QuickOptions.Parse(args, out string? error) is not { } options)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(QuickOptions.Usage);
            return 2;
        }
        List<ICaseSource> sources = [new BuiltInCases(), .. options.Plugins.SelectMany(LoadPlugin)];
        Case[] cases = [.. sources.SelectMany(source => source.Cases).Where(options.Includes)];
        Figure[] figures = [.. sources.SelectMany(source => source.Figures)];
        string[] duplicates = [.. cases.GroupBy(c => c.Id).Where(g => g.Count() > 1).Select(g => g.Key)];
        if (duplicates.Length > 0)
        {
            Console.Error.WriteLine($"Two cases share an id: {string.Join(", ", duplicates)}");
            return 2;
        }

        var report = new Report(options, cases, figures, sources.SelectMany(source => source.Cases).Select(c => c.Id).ToHashSet());
        Console.WriteLine($"XCall quick benchmark: {Machine.Describe()}");
        Console.WriteLine($"{cases.Length} cases, {options.Rounds} rounds, {options.Timing.WarmUp.TotalSeconds:0.###} s warm-up + {options.Timing.Measure.TotalSeconds:0.###} s per case per round; load average at start {Machine.LoadAverage()}");
        var clock = Stopwatch.StartNew();
        for (int round = 0; round < options.Rounds; round++)
        {
            IEnumerable<Case> order = round % 2 == 0 ? cases : cases.Reverse();
            foreach (Case @case in order)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                double value = @case.Measure(options.Timing);
                report.Record(@case, round, value);
                Console.WriteLine($"round {round + 1}: {@case.Id,-28} {@case.Unit.Format(value)}");
            }
        }
        Console.WriteLine($"load average at end {Machine.LoadAverage()}; {clock.Elapsed.TotalMinutes:F1} min");
        report.Print(Console.Out);
        return 0;
    }

    private static IEnumerable<ICaseSource> LoadPlugin(string path) =>
        Assembly.LoadFrom(path).GetExportedTypes()
            .Where(type => typeof(ICaseSource).IsAssignableFrom(type) && type is { IsAbstract: false, IsInterface: false })
            .Select(type => (ICaseSource)Activator.CreateInstance(type)!);
}
