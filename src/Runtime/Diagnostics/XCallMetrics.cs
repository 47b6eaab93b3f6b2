using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace XCall;

/// <summary>
/// The runtime's instruments on the <c>XCall</c> meter. All are observable: they read the counters the call
/// path keeps anyway (plain increments on lines the writer owns), so metrics cost the call path nothing.
/// </summary>
internal sealed class XCallMetrics : IDisposable
{
    public const string MeterName = "XCall";

    private readonly Meter _meter;

    public XCallMetrics(XCallRuntime runtime, IMeterFactory? factory)
    {
        var options = new MeterOptions(MeterName)
        {
            Version = typeof(XCallMetrics).Assembly.GetName().Version?.ToString(),
            Tags = [new KeyValuePair<string, object?>("xcall.runtime", runtime.Name)],
        };
        _meter = factory?.Create(options) ?? new Meter(options);
        _meter.CreateObservableCounter("xcall.calls", () => PerCore(runtime, static s => s.CallsPerCore), "{call}", "Calls run, per core.");
        _meter.CreateObservableCounter("xcall.calls.unicast", () => runtime.GetStatistics().UnicastCalls, "{call}", "Calls sent to one core.");
        _meter.CreateObservableCounter("xcall.calls.broadcast", () => runtime.GetStatistics().MulticastCalls, "{call}", "Calls sent to several cores (all, others, mask).");
        _meter.CreateObservableCounter("xcall.wakeups.sent", () => runtime.GetStatistics().WakeupsSent, "{signal}", "Signals sent to parked cores.");
        _meter.CreateObservableCounter("xcall.wakeups.coalesced", () => runtime.GetStatistics().WakeupsCoalesced, "{call}", "Sends that needed no signal.");
        _meter.CreateObservableCounter("xcall.queue.full", () => runtime.GetStatistics().QueueFullEvents, "{event}", "Sends that found their queue full.");
        _meter.CreateObservableCounter("xcall.faults", () => PerCore(runtime, static s => s.FaultsPerCore), "{exception}", "Handler exceptions, per core.");
        _meter.CreateObservableCounter("xcall.stalls", () => PerCore(runtime, static s => s.StallsPerCore), "{call}", "Calls reported as stalled, per core.");
        _meter.CreateObservableGauge("xcall.queue.depth", () => PerCore(runtime, static s => s.QueueDepthPerCore), "{call}", "Calls queued, per core.");
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<T>> PerCore<T>(XCallRuntime runtime, Func<XCallStatistics, IReadOnlyList<T>> select) where T : struct
    {
        IReadOnlyList<T> values = select(runtime.GetStatistics());
        for (int core = 0; core < values.Count; core++)
            yield return new Measurement<T>(values[core], new KeyValuePair<string, object?>("xcall.core", core));
    }
}
