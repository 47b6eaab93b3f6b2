using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using XCall;
using XCall.Samples;
using XCall.Samples.PerCoreCounters;

// Per-core counters: instead of many threads fighting over one atomic counter, each thread sends "increment" to a core
// as an async cross call and each core counts in its own entry; a sync broadcast reads the total. The same number of
// threads then hammer one Interlocked counter, for comparison.

if (SampleArguments.Parse(args) is not { } arguments) return SampleArguments.UsageExitCode;

const int Batch = 4_096; // a sender waits for its calls every this many increments
int cores = arguments.Cores ?? Math.Max(2, Environment.ProcessorCount);
int threads = Math.Max(2, Environment.ProcessorCount);
long perThread = arguments.Smoke ? 100_000 : 10_000_000;
long expected = threads * perThread;

Console.WriteLine($"Per-core counters on {cores} cores ({Environment.ProcessorCount} CPUs): {threads} threads send {Format.Count(perThread)} async");
Console.WriteLine($"increments each, round robin over the cores, and wait for their tickets every {Format.Count(Batch)} calls; a sync");
Console.WriteLine("broadcast then reads every core's count. The same threads then hammer one Interlocked counter.");
Console.WriteLine();

using XCallRuntime runtime = XCallRuntime.Start(new XCallOptions { Cores = cores, Name = "per-core-counters" });

TimeSpan xcallTime = Hammer.Run("XCall async increments", threads, perThread, SendIncrements);
runtime.WaitForIssued(); // every ticket was waited already; this is the "everything issued so far" form
Span<long> perCore = stackalloc long[cores];
int coresRead = Counters.ReadOnAll(runtime, perCore);
long xcallTotal = 0;
foreach (long count in perCore) xcallTotal += count;

long shared = 0;
TimeSpan interlockedTime = Hammer.Run("Interlocked increments", threads, perThread, (_, progress) =>
{
    for (long i = 1; i <= perThread; i++)
    {
        Interlocked.Increment(ref shared);
        if (i % Hammer.ReportEvery == 0) Volatile.Write(ref progress.Value, i);
    }
});

new SummaryTable("Per-core counters summary", "counter", "threads", "increments", "time", "throughput", "total read")
    .Row("XCall: async call per increment, per-core counts", $"{threads}", Format.Count(expected), Format.Duration(xcallTime), Format.Rate(expected, xcallTime), Format.Count(xcallTotal))
    .Row("Interlocked.Increment on one shared counter", $"{threads}", Format.Count(expected), Format.Duration(interlockedTime), Format.Rate(expected, interlockedTime), Format.Count(shared))
    .Print();
Console.WriteLine();
Console.WriteLine($"XCall / Interlocked time: {xcallTime / interlockedTime:0.00}x. One atomic instruction is the floor for a shared count; the");
Console.WriteLine("per-core counts pay a cross-core call per increment for state that only its core ever writes.");

long[] expectedPerCore = ExpectedPerCore();
var perCoreTable = new SummaryTable("Counts per core", "core", "increments counted", "increments sent");
for (int core = 0; core < cores; core++) perCoreTable.Row($"{core}", Format.Count(perCore[core]), Format.Count(expectedPerCore[core]));
perCoreTable.Print();
StatisticsTable.Print(runtime.GetStatistics());

var checks = new Checks();
checks.Expect(coresRead == cores, $"the sync broadcast read all {cores} cores");
checks.Expect(perCore.SequenceEqual(expectedPerCore), "every core counted exactly the increments sent to it");
checks.Expect(xcallTotal == expected, $"the per-core counts add up to {Format.Count(expected)}");
checks.Expect(shared == expected, $"the Interlocked counter reached {Format.Count(expected)}");
checks.Expect(runtime.GetStatistics().TotalFaults == 0, "no handler faulted");
return checks.Report();

// Thread t sends its i-th increment to core (t + i) mod cores. Calls from one thread to one core run in order, so
// waiting for the newest ticket of each core covers everything that thread sent before it.
void SendIncrements(int thread, StrongBox<long> progress)
{
    var newest = new Ticket[cores];
    int core = thread % cores;
    for (long i = 1; i <= perThread; i++)
    {
        newest[core] = Counters.IncrementOn(runtime, core);
        core = core + 1 == cores ? 0 : core + 1;
        if (i % Batch == 0) Ticket.WaitAll(newest);
        if (i % Hammer.ReportEvery == 0) Volatile.Write(ref progress.Value, i);
    }
    Ticket.WaitAll(newest);
}

long[] ExpectedPerCore()
{
    var counts = new long[cores];
    for (int thread = 0; thread < threads; thread++)
    {
        for (int core = 0; core < cores; core++)
        {
            int offset = ((core - thread) % cores + cores) % cores; // this core gets the thread's calls offset, offset + cores, …
            counts[core] += perThread / cores + (offset < perThread % cores ? 1 : 0);
        }
    }
    return counts;
}
