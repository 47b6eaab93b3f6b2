using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using Xunit;

namespace XCall.Tests;

public class MetricsTests
{
    [Fact]
    public void The_XCall_meter_publishes_calls_per_core_and_the_other_counters()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Name = "metrics-test" });
        var probe = new Probe();
        for (int i = 0; i < 10; i++) runtime.Call<Count, long>(1, i, new CallRefs(probe));
        runtime.Call<Count, long>(Target.All, 0, new CallRefs(probe));
        Assert.Throws<InvalidOperationException>(() => runtime.Call<Throw, long>(0, 0));

        var seen = new Dictionary<(string Instrument, int Core), long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "XCall" && instrument.Meter.Tags?.Any(t => t.Key == "xcall.runtime" && (string?)t.Value == "metrics-test") == true)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            int core = -1;
            foreach (var tag in tags) if (tag.Key == "xcall.core") core = (int)tag.Value!;
            seen[(instrument.Name, core)] = value;
        });
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            int core = -1;
            foreach (var tag in tags) if (tag.Key == "xcall.core") core = (int)tag.Value!;
            seen[(instrument.Name, core)] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(11, seen[("xcall.calls", 1)]);
        Assert.Equal(2, seen[("xcall.calls", 0)]);
        Assert.Equal(11, seen[("xcall.calls.unicast", -1)]);
        Assert.Equal(1, seen[("xcall.calls.broadcast", -1)]);
        Assert.Equal(1, seen[("xcall.faults", 0)]);
        Assert.Equal(0, seen[("xcall.stalls", 1)]);
        Assert.Equal(0, seen[("xcall.queue.depth", 1)]);
        Assert.True(seen.ContainsKey(("xcall.wakeups.sent", -1)));
        Assert.True(seen.ContainsKey(("xcall.wakeups.coalesced", -1)));
        Assert.True(seen.ContainsKey(("xcall.queue.full", -1)));
    }

    [Fact]
    public void Queue_depth_counts_calls_waiting_on_each_core()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip });
        var probe = new Probe();
        for (int i = 0; i < 5; i++) runtime.Post<Count, long>(1, i, new CallRefs(probe));
        Assert.Equal(new[] { 0, 5 }, runtime.GetStatistics().QueueDepthPerCore);
        chip.Step(1);
        Assert.Equal(new[] { 0, 0 }, runtime.GetStatistics().QueueDepthPerCore);
    }
}
