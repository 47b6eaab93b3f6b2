using System;
using BenchmarkDotNet.Attributes;

namespace XCall.Benchmarks;

/// <summary>
/// Base of the BenchmarkDotNet classes: each benchmark method sets up only its own workload (threads of another
/// workload spinning idle would steal a CPU on a small machine), and the baseline is marked so BenchmarkDotNet
/// prints the ratio of every XCall form against it.
/// </summary>
[MemoryDiagnoser]
public abstract class WorkloadBenchmarks
{
    protected Workload Workload { get; set; } = null!;

    [GlobalCleanup]
    public void Cleanup() => Workload.Dispose();
}

/// <summary>Async throughput, one producer to one core, against the minimal ring and Channel&lt;T&gt; with a dedicated consumer.</summary>
public class AsyncThroughputBenchmarks : WorkloadBenchmarks
{
    private const int Calls = 4_000_000; // over 100 ms per iteration for every form here

    [GlobalSetup(Target = nameof(BoundedChannel))]
    public void SetUpBounded() => Workload = new ChannelAsync(bounded: true);

    [GlobalSetup(Target = nameof(UnboundedChannel))]
    public void SetUpUnbounded() => Workload = new ChannelAsync(bounded: false);

    [GlobalSetup(Target = nameof(MinimalRing))]
    public void SetUpRing() => Workload = new MinimalRing(perClaim: 1);

    [GlobalSetup(Target = nameof(XCallPollingCore))]
    public void SetUpPolling() => Workload = new XCallAsync(Tuning.Polling);

    [GlobalSetup(Target = nameof(XCallDefaultOptions))]
    public void SetUpDefault() => Workload = new XCallAsync(Tuning.Default);

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public void BoundedChannel() => Workload.Run(Calls);

    [Benchmark(OperationsPerInvoke = Calls)]
    public void UnboundedChannel() => Workload.Run(Calls);

    [Benchmark(OperationsPerInvoke = Calls)]
    public void MinimalRing() => Workload.Run(Calls);

    [Benchmark(OperationsPerInvoke = Calls)]
    public void XCallPollingCore() => Workload.Run(Calls);

    [Benchmark(OperationsPerInvoke = Calls)]
    public void XCallDefaultOptions() => Workload.Run(Calls);
}

/// <summary>Sync round trip to a polling core, against a raw cache-line ping-pong and Task.Run.</summary>
public class SyncRoundTripBenchmarks : WorkloadBenchmarks
{
    // Sized so each iteration runs about 100 ms: BenchmarkDotNet warns about shorter ones.
    private const int PingPongs = 1_000_000;
    private const int Calls = 500_000;
    private const int Tasks = 50_000;

    [GlobalSetup(Target = nameof(CacheLinePingPong))]
    public void SetUpPingPong() => Workload = new CacheLinePingPong();

    [GlobalSetup(Target = nameof(TaskRun))]
    public void SetUpTaskRun() => Workload = new TaskRunRoundTrip();

    [GlobalSetup(Target = nameof(XCallPollingCore))]
    public void SetUpPolling() => Workload = new XCallSync(Tuning.Polling);

    [Benchmark(Baseline = true, OperationsPerInvoke = PingPongs)]
    public void CacheLinePingPong() => Workload.Run(PingPongs);

    [Benchmark(OperationsPerInvoke = Tasks)]
    public void TaskRun() => Workload.Run(Tasks);

    [Benchmark(OperationsPerInvoke = Calls)]
    public void XCallPollingCore() => Workload.Run(Calls);
}

/// <summary>
/// A sync round trip to a parked core, against a semaphore hand-off to a blocked thread. Each iteration
/// first lets the other side park (not measured), then times one round trip.
/// </summary>
[InvocationCount(1, 1)]
public class ParkedRoundTripBenchmarks : WorkloadBenchmarks
{
    [GlobalSetup(Target = nameof(SemaphoreHandoff))]
    public void SetUpSemaphore() => Workload = new SemaphoreHandoff();

    [GlobalSetup(Target = nameof(XCallParkedCore))]
    public void SetUpXCall() => Workload = new XCallParked();

    [IterationSetup]
    public void LetItPark() => System.Threading.Thread.Sleep(2);

    [Benchmark(Baseline = true)]
    public void SemaphoreHandoff() => ((ParkedRoundTrip)Workload).RoundTripOnce();

    [Benchmark]
    public void XCallParkedCore() => ((ParkedRoundTrip)Workload).RoundTripOnce();
}

/// <summary>A sync call to every core, and N producers to one core.</summary>
public class FanBenchmarks : WorkloadBenchmarks
{
    private const int Broadcasts = 20_000;
    private const int Posts = 4_000_000;
    private static readonly int s_cores = Math.Max(2, Environment.ProcessorCount);

    [GlobalSetup(Target = nameof(SemaphoreBroadcast))]
    public void SetUpSemaphores() => Workload = new SemaphoreBroadcast(s_cores);

    [GlobalSetup(Target = nameof(XCallBroadcast))]
    public void SetUpBroadcast() => Workload = new XCallBroadcast(s_cores);

    [GlobalSetup(Target = nameof(ChannelFourProducers))]
    public void SetUpChannel() => Workload = new ChannelManyProducers(4);

    [GlobalSetup(Target = nameof(XCallFourProducers))]
    public void SetUpProducers() => Workload = new XCallManyProducers(4);

    [Benchmark(OperationsPerInvoke = Broadcasts)]
    public void SemaphoreBroadcast() => Workload.Run(Broadcasts);

    [Benchmark(OperationsPerInvoke = Broadcasts)]
    public void XCallBroadcast() => Workload.Run(Broadcasts);

    [Benchmark(OperationsPerInvoke = Posts)]
    public void ChannelFourProducers() => Workload.Run(Posts);

    [Benchmark(OperationsPerInvoke = Posts)]
    public void XCallFourProducers() => Workload.Run(Posts);
}

/// <summary>A full run of XCall's generator on 1,000 methods against the LoggerMessage generator on 1,000.</summary>
public class GeneratorBenchmarks : WorkloadBenchmarks
{
    [GlobalSetup(Target = nameof(LoggerMessageGenerator))]
    public void SetUpLogger() => Workload = new GeneratorRun(xcall: false);

    [GlobalSetup(Target = nameof(XCallGenerator))]
    public void SetUpXCall() => Workload = new GeneratorRun(xcall: true);

    [Benchmark(Baseline = true)]
    public void LoggerMessageGenerator() => Workload.Run(1);

    [Benchmark]
    public void XCallGenerator() => Workload.Run(1);
}
