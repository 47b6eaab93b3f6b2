using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace XCall;

/// <summary>
/// The runtime's instruments on the <c>XCall</c> meter (tagged <c>xcall.runtime</c>). The counters are observable: they
/// read numbers the call path keeps anyway, from one statistics snapshot per collection. The two duration histograms
/// are recorded by the cores, only while a listener has them enabled: otherwise a call pays one read of a flag.
/// </summary>
internal sealed class XCallMetrics : IDisposable
{
    public const string MeterName = "XCall";

    /// <summary>How long one statistics snapshot serves the observable instruments of one collection.</summary>
    private static readonly long s_snapshotTicks = Stopwatch.Frequency / 100;

    private readonly XCallRuntime _runtime;
    private readonly Meter _meter;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _queueTime;
    private readonly KeyValuePair<string, object?>[] _coreTags; // boxed once: recording allocates nothing
    private XCallStatistics? _snapshot;
    private long _snapshotAt;

    public XCallMetrics(XCallRuntime runtime, IMeterFactory? factory)
    {
        _runtime = runtime;
        var options = new MeterOptions(MeterName)
        {
            Version = typeof(XCallMetrics).Assembly.GetName().Version?.ToString(),
            Tags = [new KeyValuePair<string, object?>("xcall.runtime", runtime.Name)],
        };
        _meter = factory?.Create(options) ?? new Meter(options);
        _coreTags = new KeyValuePair<string, object?>[runtime.CoreCount];
        for (int core = 0; core < _coreTags.Length; core++) _coreTags[core] = new("xcall.core", core);

        _duration = _meter.CreateHistogram<double>("xcall.call.duration", "s", "How long handlers ran, per core (from start to return, waits included).");
        _queueTime = _meter.CreateHistogram<double>("xcall.call.queue_time", "s", "How long calls waited in their queue, per core (from send to start).");
        _meter.CreateObservableCounter("xcall.calls", () => PerCore(static s => s.CallsPerCore), "{call}", "Calls run, per core.");
        _meter.CreateObservableCounter("xcall.calls.sent", SentByKind, "{call}",
            "Calls sent, by xcall.call.kind: unicast (to one core) or multicast (to several at once, counted once).");
        _meter.CreateObservableCounter("xcall.wakeups", WakeupsByResult, "{wakeup}",
            "Wake-ups a send asked for, by xcall.wakeup.result: sent (a signal to a parked core) or coalesced (none needed).");
        _meter.CreateObservableCounter("xcall.queue.full", () => Snapshot().QueueFullEvents, "{call}", "Sends that found their queue full.");
        _meter.CreateObservableCounter("xcall.faults", () => PerCore(static s => s.FaultsPerCore), "{exception}", "Handler exceptions, per core.");
        _meter.CreateObservableCounter("xcall.stalls", () => PerCore(static s => s.StallsPerCore), "{call}", "Calls reported as stalled, per core.");
        _meter.CreateObservableGauge("xcall.queue.depth", () => PerCore(static s => s.QueueDepthPerCore), "{call}", "Calls queued, per core.");
    }

    /// <summary>Whether handler durations are being recorded (one flag read per call when not).</summary>
    public bool RecordsDuration
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _duration.Enabled;
    }

    /// <summary>Whether queue times are being recorded: senders then stamp their calls with the time they sent them.</summary>
    public bool RecordsQueueTime
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _queueTime.Enabled;
    }

    public void RecordDuration(int core, long startTimestamp) =>
        _duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, _coreTags[core]);

    public void RecordQueueTime(int core, long sentTimestamp) =>
        _queueTime.Record(Stopwatch.GetElapsedTime(sentTimestamp).TotalSeconds, _coreTags[core]);

    public void Dispose() => _meter.Dispose();

    /// <summary>One snapshot per collection: the instruments of one collection read it within a few milliseconds.</summary>
    private XCallStatistics Snapshot()
    {
        long now = Stopwatch.GetTimestamp();
        XCallStatistics? snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is not null && now - Volatile.Read(ref _snapshotAt) < s_snapshotTicks) return snapshot;
        snapshot = _runtime.GetStatistics();
        Volatile.Write(ref _snapshotAt, now);
        Volatile.Write(ref _snapshot, snapshot);
        return snapshot;
    }

    private IEnumerable<Measurement<long>> SentByKind()
    {
        XCallStatistics snapshot = Snapshot();
        yield return new Measurement<long>(snapshot.UnicastCalls, new KeyValuePair<string, object?>("xcall.call.kind", "unicast"));
        yield return new Measurement<long>(snapshot.MulticastCalls, new KeyValuePair<string, object?>("xcall.call.kind", "multicast"));
    }

    private IEnumerable<Measurement<long>> WakeupsByResult()
    {
        XCallStatistics snapshot = Snapshot();
        yield return new Measurement<long>(snapshot.WakeupsSent, new KeyValuePair<string, object?>("xcall.wakeup.result", "sent"));
        yield return new Measurement<long>(snapshot.WakeupsCoalesced, new KeyValuePair<string, object?>("xcall.wakeup.result", "coalesced"));
    }

    private IEnumerable<Measurement<T>> PerCore<T>(Func<XCallStatistics, IReadOnlyList<T>> select) where T : struct
    {
        IReadOnlyList<T> values = select(Snapshot());
        for (int core = 0; core < values.Count; core++) yield return new Measurement<T>(values[core], _coreTags[core]);
    }
}
