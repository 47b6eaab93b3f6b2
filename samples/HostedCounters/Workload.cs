using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace XCall.Samples.HostedCounters;

/// <summary>What the workload did, for the summary printed once the host has stopped.</summary>
internal sealed class WorkloadReport
{
    public long SentAndWaited { get; set; }

    public long ReadByBroadcast { get; set; }

    public long SentBeforeStop { get; set; }

    public bool BadCallFaulted { get; set; }

    public bool CheckpointReachedEveryCore { get; set; }
}

/// <summary>
/// A hosted service that uses the runtime the host gave it: a checkpoint to every core, increments sent from several
/// threads and read back with an awaited broadcast, one bad call (its fault is logged, its core carries on), and a last
/// batch of increments still queued when it asks the host to stop, which the host's drain runs.
/// </summary>
internal sealed class Workload(XCallRuntime runtime, SampleArguments arguments, WorkloadReport report, IHostApplicationLifetime lifetime)
    : BackgroundService
{
    private const int Batch = 4_096; // a sender waits for its calls every this many increments

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken);
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        await IpiHandlers.SendToAll(runtime, new Checkpoint(Epoch: 1)); // a ticket: awaited, no thread held
        report.CheckpointReachedEveryCore = true;
        for (int core = 0; core < runtime.CoreCount; core++) report.CheckpointReachedEveryCore &= Counters.EpochOf(core) == 1;

        int threads = Math.Max(2, Environment.ProcessorCount);
        long perThread = arguments.Smoke ? 50_000 : 5_000_000;
        await Task.Run(() => Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread => SendIncrements(thread, perThread, wait: true)), stoppingToken);
        report.SentAndWaited = threads * perThread;

        long[] perCore = new long[runtime.CoreCount];
        await Counters.ReadOnAllAsync(runtime, perCore, stoppingToken); // every core's count into perCore, awaited
        foreach (long count in perCore) report.ReadByBroadcast += count;

        try
        {
            Counters.AddOn(runtime, 0, -1).Wait(); // the handler throws; the host logs it (event 1)
        }
        catch (ArgumentOutOfRangeException)
        {
            report.BadCallFaulted = true;
        }

        // The last batch is not waited for: stopping the host drains what the cores accepted.
        SendIncrements(thread: 0, Batch, wait: false);
        report.SentBeforeStop = Batch;
    }

    /// <summary>Sends <paramref name="count"/> increments round robin over the cores; waits for them every <see cref="Batch"/> if asked.</summary>
    private void SendIncrements(int thread, long count, bool wait)
    {
        var newest = new Ticket[runtime.CoreCount];
        int core = thread % runtime.CoreCount;
        for (long i = 1; i <= count; i++)
        {
            newest[core] = Counters.AddOn(runtime, core, 1);
            core = core + 1 == runtime.CoreCount ? 0 : core + 1;
            if (wait && i % Batch == 0) Ticket.WaitAll(newest);
        }
        if (wait) Ticket.WaitAll(newest);
    }
}
