using System;
using System.Collections.Generic;
using System.Linq;

namespace XCall.Benchmarks;

/// <summary>
/// Every performance promise XCall makes, each as XCall's case beside a baseline case, and the cases they need.
/// XCall runs through the generated senders, with default options (parking chip, stall detection on) and tuned ones
/// (polling chip, stall detection off); the baselines' consumers do the same work per message.
/// </summary>
public sealed class BuiltInCases : ICaseSource
{
    private const int IdleSenderCount = 3000;
    private static readonly int s_broadcastCores = Math.Max(2, Environment.ProcessorCount);

    public IEnumerable<Case> Cases =>
    [
        // Async, one producer to one core, one call at a time.
        WorkloadCase.Throughput("async.default", () => new XCallAsync(Tuning.Default)),
        WorkloadCase.Throughput("async.stall-off", () => new XCallAsync(Tuning.StallOff)),
        WorkloadCase.Throughput("async.polling", () => new XCallAsync(Tuning.Polling)),
        WorkloadCase.Throughput("async.batch10.default", () => new XCallBatch(Tuning.Default, perBatch: 10)),
        WorkloadCase.Throughput("async.batch10.polling", () => new XCallBatch(Tuning.Polling, perBatch: 10)),
        WorkloadCase.Throughput("ring.1", () => new MinimalRing(perClaim: 1)),
        WorkloadCase.Throughput("ring.10", () => new MinimalRing(perClaim: 10)),
        Case.Of("wakeups", "wake-up signals per call, async 1 → 1 under saturation, default options", Unit.Percent, WakeupsPerCall),

        // Sync round trips.
        WorkloadCase.Latency("sync.default", () => new XCallSync(Tuning.Default)),
        WorkloadCase.Latency("sync.polling", () => new XCallSync(Tuning.Polling)),
        WorkloadCase.Latency("sync.idle-senders", () => new XCallSync(Tuning.Default, IdleSenderCount)),
        WorkloadCase.Latency("pingpong", () => new CacheLinePingPong()),
        WorkloadCase.Latency("task-run", () => new TaskRunRoundTrip()),
        WorkloadCase.Latency("parked", () => new XCallParked()),
        WorkloadCase.Latency("semaphore", () => new SemaphoreHandoff()),
        WorkloadCase.Latency("awaited", () => new XCallAwaited(Tuning.Default, hop: false)),
        WorkloadCase.Latency("sync-then-hop", () => new XCallAwaited(Tuning.Default, hop: true)),
        WorkloadCase.Latency("channel.request-response", () => new ChannelRequestResponse()),

        // Fan-in and fan-out.
        WorkloadCase.Throughput("producers4.xcall", () => new XCallManyProducers(4)),
        WorkloadCase.Throughput("producers4.channel", () => new ChannelManyProducers(4)),
        WorkloadCase.Latency("broadcast.xcall", () => new XCallBroadcast(s_broadcastCores)),
        WorkloadCase.Latency("broadcast.semaphores", () => new SemaphoreBroadcast(s_broadcastCores)),

        // Generator.
        WorkloadCase.Latency("generator.xcall", () => new GeneratorRun(xcall: true), Unit.Milliseconds),
        WorkloadCase.Latency("generator.logger-message", () => new GeneratorRun(xcall: false), Unit.Milliseconds),

        // Footprint and allocation.
        Case.Of("footprint", $"managed bytes per (sender thread, core) at rest, {IdleSenderCount:N0} senders, default options", Unit.Bytes, _ => FootprintPerSenderCore()),
        .. Enum.GetValues<CallForm>().Select(form => WorkloadCase.Allocation($"alloc.{Id(form)}", () => new CallForms(form))),
    ];

    public IEnumerable<Figure> Figures =>
    [
        new Comparison("async 1 → 1, default options vs minimal ring", "async.default", "ring.1", Goal.AtLeast(0.5)),
        new Comparison("async 1 → 1, polling chip vs minimal ring", "async.polling", "ring.1", Goal.AtLeast(0.5)),
        new Comparison("async 1 → 1, batches of 10, default options vs minimal ring publishing 10 at once", "async.batch10.default", "ring.10", Goal.AtLeast(0.5)),
        new Comparison("async 1 → 1, batches of 10, polling chip vs minimal ring publishing 10 at once", "async.batch10.polling", "ring.10", Goal.AtLeast(0.5)),
        new Comparison("async 1 → 1, batches of 10 vs single calls (default options)", "async.batch10.default", "async.default", Goal.None),
        new Comparison("async 1 → 1 under saturation, parking chip vs polling chip (stall detection off)", "async.stall-off", "async.polling", Goal.AtLeast(0.9)),
        new Comparison("async 1 → 1, default options vs polling chip", "async.default", "async.polling", Goal.None),
        new Comparison("minimal ring, 10 per publish vs 1 per publish", "ring.10", "ring.1", Goal.None),
        new Comparison("sync round trip, polling chip vs cache-line ping-pong", "sync.polling", "pingpong", Goal.AtMost(1.0, note: "time")),
        new Comparison("sync round trip, default options vs cache-line ping-pong", "sync.default", "pingpong", Goal.None),
        new Comparison("sync round trip, polling chip vs Task.Run(f).GetAwaiter().GetResult()", "sync.polling", "task-run", Goal.AtMost(0.2, note: "time: ≥ 5× faster")),
        new Comparison("sync round trip, default options vs Task.Run(f).GetAwaiter().GetResult()", "sync.default", "task-run", Goal.AtMost(0.2, note: "time: ≥ 5× faster")),
        new Comparison("sync round trip to a parked core vs semaphore hand-off", "parked", "semaphore", Goal.AtMost(1.5, note: "time")),
        new Comparison($"sync round trip with {IdleSenderCount:N0} idle senders vs with one (default options)", "sync.idle-senders", "sync.default", Goal.AtMost(1.2, note: "time")),
        new Comparison("awaited round trip vs request/response over two Channel<T>s", "awaited", "channel.request-response", Goal.AtMost(1.0, note: "time")),
        new Comparison("awaited round trip vs sync round trip plus one thread-pool hop", "awaited", "sync-then-hop", Goal.AtMost(1.5, note: "time")),
        new Comparison("4 producers → 1 core vs bounded multi-writer Channel<T>", "producers4.xcall", "producers4.channel", Goal.None),
        new Comparison($"sync broadcast to {s_broadcastCores} cores vs semaphores + CountdownEvent", "broadcast.xcall", "broadcast.semaphores", Goal.None),
        new Comparison("generator, 1,000 [CrossCall] vs LoggerMessage on 1,000 [LoggerMessage]", "generator.xcall", "generator.logger-message", Goal.AtMost(1.0, note: "time")),
        new Limit("wake-up signals per call under saturation", "wakeups", Goal.AtMost(1, " %")),
        new Limit($"footprint per (sender thread, core) at rest", "footprint", Goal.AtMost(16 * 1024, " B")),
        .. Enum.GetValues<CallForm>().Select(form => new Limit($"bytes allocated per call, {form}", $"alloc.{Id(form)}", Goal.AtMost(0, " B"))),
    ];

    private static string Id(CallForm form) => form.ToString().ToLowerInvariant();

    private static double WakeupsPerCall(Timing timing)
    {
        using var workload = new XCallAsync(Tuning.Default);
        XCallStatistics before = null!;
        WorkloadCase.Drive(workload, timing, () => before = workload.Runtime.GetStatistics());
        XCallStatistics after = workload.Runtime.GetStatistics();
        long sent = after.WakeupsSent - before.WakeupsSent;
        return 100.0 * sent / (sent + after.WakeupsCoalesced - before.WakeupsCoalesced);
    }

    private static double FootprintPerSenderCore()
    {
        using XCallRuntime runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        using var senders = new IdleSenders(runtime, IdleSenderCount);
        return senders.BytesPerSenderCore;
    }
}
