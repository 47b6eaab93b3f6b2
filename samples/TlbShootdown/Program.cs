using System;
using System.Collections.Generic;
using System.Linq;
using XCall;
using XCall.Samples;
using XCall.Samples.TlbShootdown;

// TLB shootdown, the kernel's classic cross-CPU call: every core caches translations in its TLB, so unmapping a page
// means asking every other core to drop it, and waiting until they all did, before the frame can be used again.

if (SampleArguments.Parse(args) is not { } arguments) return SampleArguments.UsageExitCode;

const int Pages = 256;              // four times what one TLB holds: touches hit, miss and evict
const int TouchesPerRound = 32;     // pages each core reads between two unmaps
const int UnmappedAtOnce = 32;      // an unmapped page is mapped again (to a new frame) this many unmaps later
const int TouchRoundsAhead = 64;    // the driver waits for the touches at most this many rounds behind
int cores = arguments.Cores ?? Math.Max(4, Environment.ProcessorCount);
int unmaps = arguments.Smoke ? 500 : 50_000;
int auditEvery = arguments.Smoke ? 100 : 2_500;
if (cores < 2)
{
    Console.Error.WriteLine("A shootdown needs another core to shoot down: use --cores 2 or more.");
    return SampleArguments.UsageExitCode;
}

Console.WriteLine($"TLB shootdown on {cores} cores ({Environment.ProcessorCount} CPUs), {Pages} pages, a {TlbCache.Entries}-entry TLB per core.");
Console.WriteLine($"Each round every core touches {TouchesPerRound} pages (an async broadcast); then one core unmaps a page and");
Console.WriteLine("shoots it down on the others (a sync broadcast, timed). Every few rounds all cores audit their TLBs.");
Console.WriteLine();

var latencies = new TimeSpan[unmaps];
var waitingForRemap = new Queue<int>();
var random = new Random(20240501);
int incompleteShootdowns = 0, audits = 0, coresAudited = 0, staleFound = 0;

using XCallRuntime runtime = XCallRuntime.Start(new XCallOptions { Cores = cores, Name = "tlb-shootdown" });
var machine = new Machine(runtime, Pages);
var progress = new ProgressLine("Unmapping pages", unmaps);
Ticket touches = default;
for (int round = 0; round < unmaps; round++)
{
    touches = Mmu.TouchOnAll(runtime, machine, (uint)round, TouchesPerRound);

    int page = PickMappedPage();
    Shootdown shootdown = Mmu.UnmapOn(runtime, round % cores, machine, page);
    latencies[round] = shootdown.Elapsed;
    if (shootdown.CoresFlushed != cores - 1) incompleteShootdowns++;

    // No core holds the page's translation now. It stays unmapped for a while (the audits check that no core caches
    // it), then gets a new frame (from then on, a translation left behind would point at the wrong memory).
    waitingForRemap.Enqueue(page);
    if (waitingForRemap.Count > UnmappedAtOnce) machine.PageTable.MapToNewFrame(waitingForRemap.Dequeue());

    if ((round + 1) % TouchRoundsAhead == 0) touches.Wait();
    if ((round + 1) % auditEvery == 0) Audit();
    progress.Report(round + 1);
}
touches.Wait();
Audit();
TimeSpan elapsed = progress.Complete();

PrintSummary();
StatisticsTable.Print(runtime.GetStatistics());

var checks = new Checks();
checks.Expect(incompleteShootdowns == 0, $"every shootdown flushed all {cores - 1} other cores");
checks.Expect(staleFound == 0 && coresAudited == audits * cores, $"no core held a stale translation ({audits} audits of all {cores} cores)");
checks.Expect(Total(mmu => mmu.Invalidated) > 0, "shootdowns found cached translations to drop");
checks.Expect(runtime.GetStatistics().TotalFaults == 0, "no handler faulted");
return checks.Report();

int PickMappedPage()
{
    int page;
    do page = random.Next(Pages);
    while (!machine.PageTable.IsMapped(page));
    return page;
}

// Every core counts the cached translations that disagree with the page table. Only the driver unmaps, so no shootdown
// is half done while this runs: any disagreement is a stale entry.
void Audit()
{
    Span<int> stale = stackalloc int[cores];
    coresAudited += Mmu.CountStaleOnAll(runtime, machine, stale);
    foreach (int count in stale) staleFound += count;
    audits++;
}

long Total(Func<CoreMmu, long> counter) => Enumerable.Range(0, cores).Sum(core => counter(machine.Cores[core]));

void PrintSummary()
{
    TimeSpan[] sorted = [.. latencies.Order()];
    TimeSpan Percentile(double fraction) => sorted[(int)Math.Ceiling(fraction * sorted.Length) - 1];

    new SummaryTable("TLB shootdown summary", "measure", "value")
        .Row("cores / CPUs", $"{cores} / {Environment.ProcessorCount}")
        .Row("unmaps (one shootdown each)", Format.Count(unmaps))
        .Row("unmaps per second", Format.Rate(unmaps, elapsed))
        .Row("shootdown latency p50", Format.Duration(Percentile(0.50)))
        .Row("shootdown latency p90", Format.Duration(Percentile(0.90)))
        .Row("shootdown latency p99", Format.Duration(Percentile(0.99)))
        .Row("shootdown latency max", Format.Duration(sorted[^1]))
        .Row("pages touched", Format.Count(Total(mmu => mmu.Hits + mmu.Misses + mmu.Faults)))
        .Row("TLB hits / misses / faults", $"{Format.Count(Total(mmu => mmu.Hits))} / {Format.Count(Total(mmu => mmu.Misses))} / {Format.Count(Total(mmu => mmu.Faults))}")
        .Row("translations dropped by unmaps", Format.Count(Total(mmu => mmu.Invalidated)))
        .Row("stale translations found", $"{Format.Count(staleFound)} in {audits} audits")
        .Print();
}
