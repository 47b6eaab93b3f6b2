using System;
using System.Linq;
using XCall;
using XCall.Samples;
using XCall.Samples.Multikernel;

// A multikernel in one process: groups of cores run as separate "instances" that share nothing but typed IPI messages.
// Instances greet each other, then pass blocks of data around a ring by handing over shared buffers: the message
// carries a buffer handle, not the bytes, and the receiver gives the buffer back to the pool.

if (SampleArguments.Parse(args) is not { } arguments) return SampleArguments.UsageExitCode;

const int CoresPerInstance = 2;
const int BlocksPerCorePerRound = 16;
int cores = arguments.Cores ?? 4; // cores are threads: two instances of two cores run on any machine
if (cores < 2 * CoresPerInstance || cores % CoresPerInstance != 0)
{
    Console.Error.WriteLine($"Instances have {CoresPerInstance} cores each and there must be two at least: use --cores 4, 6, 8, …");
    return SampleArguments.UsageExitCode;
}
var layout = new InstanceLayout(cores / CoresPerInstance, CoresPerInstance);
int blocksPerRound = cores * BlocksPerCorePerRound;
int rounds = arguments.Smoke ? 50 : 5_000;
long blocks = (long)rounds * blocksPerRound;
var pool = new SharedBufferPool(BlockContent.MaxLength, bufferCount: blocksPerRound); // one round in flight at a time
var ledger = new Ledger(layout, blocks);

Console.WriteLine($"Multikernel: {layout.Instances} instances of {CoresPerInstance} cores ({cores} cores on {Environment.ProcessorCount} CPUs).");
for (int instance = 0; instance < layout.Instances; instance++)
    Console.WriteLine($"  instance {instance}: cores {layout.CoresOf(instance)}, sends to instance {(instance + 1) % layout.Instances}");
Console.WriteLine($"Each instance greets the others (a typed IPI to a core mask). Then, in rounds, every core sends {BlocksPerCorePerRound} blocks of up");
Console.WriteLine($"to {Format.Bytes(BlockContent.MaxLength)} to a core of the next instance by shared-buffer handle; receivers check, return and acknowledge them.");
Console.WriteLine();

using XCallRuntime runtime = XCallRuntime.Start(new XCallOptions { Cores = cores, Name = "multikernel" });
TimeSpan elapsed;
using (Kernel.Boot(runtime, layout, pool, ledger))
{
    Ticket[] boots = [.. Enumerable.Range(0, layout.Instances).Select(instance => Kernel.AnnounceOn(runtime, layout.BootCore(instance)))];
    Ticket.WaitAll(boots);

    var progress = new ProgressLine("Passing blocks", blocks);
    var senders = new Ticket[cores];
    for (int round = 0; round < rounds; round++)
    {
        for (int core = 0; core < cores; core++)
            senders[core] = Kernel.SendBlocksOn(runtime, core, (long)round * blocksPerRound + core * BlocksPerCorePerRound, BlocksPerCorePerRound);
        Ticket.WaitAll(senders);  // every block of the round is on its way…
        runtime.WaitForIssued();  // …and was received: its buffer is back in the pool for the next round
        progress.Report((round + 1L) * blocksPerRound);
    }
    runtime.WaitForIssued(); // the acknowledgements of the last round
    elapsed = progress.Complete();
}

new SummaryTable("Multikernel summary", "measure", "value")
    .Row("instances x cores / CPUs", $"{layout.Instances} x {CoresPerInstance} / {Environment.ProcessorCount}")
    .Row("greetings received", Format.Count(ledger.Greetings))
    .Row("blocks passed by handle", Format.Count(ledger.Total(traffic => traffic.Received)))
    .Row("bytes passed by handle (not copied)", Format.Bytes(ledger.Total(traffic => traffic.BytesReceived)))
    .Row("acknowledgements", Format.Count(ledger.Total(traffic => traffic.Acknowledged)))
    .Row("blocks per second", Format.Rate(blocks, elapsed))
    .Row("buffer pool", $"{pool.Capacity} x {Format.Bytes(pool.BufferSize)}, {pool.Available} free at the end")
    .Print();

var perInstance = new SummaryTable("Traffic per instance", "instance", "cores", "blocks sent", "blocks received", "bytes received", "acks received");
for (int instance = 0; instance < layout.Instances; instance++)
{
    CoreMask mask = layout.CoresOf(instance);
    perInstance.Row($"{instance}", $"{mask}", Format.Count(ledger.Total(mask, t => t.Sent)), Format.Count(ledger.Total(mask, t => t.Received)),
        Format.Bytes(ledger.Total(mask, t => t.BytesReceived)), Format.Count(ledger.Total(mask, t => t.Acknowledged)));
}
perInstance.Print();
StatisticsTable.Print(runtime.GetStatistics());

var checks = new Checks();
checks.Expect(ledger.EveryCoreGreetedOnceByEveryOtherInstance, "every core was greeted once by every other instance");
checks.Expect(ledger.EveryBlockDeliveredOnce, $"each of the {Format.Count(blocks)} blocks arrived exactly once");
checks.Expect(ledger.Corrupted == 0, "every block arrived intact (checksum)");
checks.Expect(ledger.EveryBlockAcknowledgedOnce, "each block was acknowledged exactly once");
checks.Expect(ledger.Misrouted == 0, "every message reached the core it was meant for");
checks.Expect(pool.Available == pool.Capacity, $"all {pool.Capacity} buffers came back to the pool");
checks.Expect(runtime.GetStatistics().TotalFaults == 0, "no handler faulted");
return checks.Report();
