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
            string name = instrument.Name;
            int core = -1;
            foreach (var tag in tags)
            {
                if (tag.Key == "xcall.core") core = (int)tag.Value!;
                else if (tag.Key is "xcall.call.kind" or "xcall.wakeup.result") name += "/" + tag.Value;
            }
            seen[(name, core)] = value;
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
        Assert.Equal(11, seen[("xcall.calls.sent/unicast", -1)]);
        Assert.Equal(1, seen[("xcall.calls.sent/multicast", -1)]);
        Assert.Equal(1, seen[("xcall.faults", 0)]);
        Assert.Equal(0, seen[("xcall.stalls", 1)]);
        Assert.Equal(0, seen[("xcall.queue.depth", 1)]);
        Assert.True(seen.ContainsKey(("xcall.wakeups/sent", -1)));
        Assert.True(seen.ContainsKey(("xcall.wakeups/coalesced", -1)));
        Assert.True(seen.ContainsKey(("xcall.queue.full", -1)));
    }

    [Fact]
    public void Every_instrument_has_its_documented_name_unit_and_kind()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 1, Name = "instruments-test" });
        var instruments = new Dictionary<string, Instrument>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Tags?.Any(t => t.Key == "xcall.runtime" && (string?)t.Value == "instruments-test") == true) instruments[instrument.Name] = instrument;
        };
        listener.Start();
        var expected = new (string Name, string Unit, Type Kind)[]
        {
            ("xcall.calls", "{call}", typeof(ObservableCounter<long>)),
            ("xcall.calls.sent", "{call}", typeof(ObservableCounter<long>)),
            ("xcall.wakeups", "{wakeup}", typeof(ObservableCounter<long>)),
            ("xcall.queue.full", "{call}", typeof(ObservableCounter<long>)),
            ("xcall.faults", "{exception}", typeof(ObservableCounter<long>)),
            ("xcall.stalls", "{call}", typeof(ObservableCounter<long>)),
            ("xcall.queue.depth", "{call}", typeof(ObservableGauge<int>)),
            ("xcall.call.duration", "s", typeof(Histogram<double>)),
            ("xcall.call.queue_time", "s", typeof(Histogram<double>)),
        };
        Assert.Equal(expected.Select(e => e.Name).Order(), instruments.Keys.Order());
        foreach ((string name, string unit, Type kind) in expected)
        {
            Assert.Equal(unit, instruments[name].Unit);
            Assert.IsType(kind, instruments[name]);
        }
    }

    [Fact]
    public void The_duration_histograms_record_every_call_while_a_listener_enables_them()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Name = "histogram-test" });
        var recorded = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        double longest = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument is Histogram<double> && instrument.Meter.Tags?.Any(t => t.Key == "xcall.runtime" && (string?)t.Value == "histogram-test") == true)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            recorded.AddOrUpdate(instrument.Name, 1, (_, n) => n + 1);
            if (value > longest) longest = value;
            foreach (var tag in tags) Assert.Equal("xcall.core", tag.Key);
        });
        listener.Start();
        var probe = new Probe();
        for (int i = 0; i < 100; i++) runtime.Call<Count, long>(1, i, new CallRefs(probe));
        for (int i = 0; i < 100; i++) runtime.Post<Count, long>(0, i, new CallRefs(probe));
        Assert.True(runtime.WaitForIssued(Wait.Generous));
        Assert.Equal(200, recorded["xcall.call.duration"]);
        Assert.Equal(200, recorded["xcall.call.queue_time"]);
        Assert.True(longest > 0);
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
