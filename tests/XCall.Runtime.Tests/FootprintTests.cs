using System;
using System.Linq;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

namespace XCall.Tests;

/// <summary>
/// What senders cost at rest: a thread that ended leaves its lanes to the next new thread, and a sender that went
/// quiet costs its core nothing per poll (its lane goes dormant until it sends again).
/// </summary>
public class FootprintTests(ITestOutputHelper output)
{
    [Fact]
    public void Twenty_thousand_short_lived_sender_threads_leave_about_as_many_lanes_as_ran_at_once()
    {
        const int Threads = 20_000, AtOnce = 8;
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var probe = new Probe();
        long memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        Wait.Bounded(() =>
        {
            using var slots = new SemaphoreSlim(AtOnce);
            var running = new Thread[AtOnce];
            for (int i = 0; i < Threads; i++)
            {
                slots.Wait();
                var thread = new Thread(() =>
                {
                    try
                    {
                        runtime.Call<Count, long>(0, 0, new CallRefs(probe));
                        runtime.Post<Count, long>(1, 0, new CallRefs(probe)).Wait();
                    }
                    finally
                    {
                        slots.Release();
                    }
                }) { IsBackground = true };
                thread.Start();
                running[i % AtOnce] = thread;
            }
            foreach (Thread thread in running) thread?.Join();
        }, "twenty thousand sender threads");
        long memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        int lanes = LaneCount(runtime);
        output.WriteLine($"{Threads:N0} threads, {AtOnce} at a time: {lanes} lanes, {runtime.Contexts.Length} sender contexts; managed memory {memoryBefore / 1024:N0} KiB before, {memoryAfter / 1024:N0} KiB after");
        Assert.Equal(2 * Threads, probe.Total);
        Assert.True(lanes <= 2 * 4 * AtOnce, $"{lanes} lanes for at most {AtOnce} live senders");
    }

    public static TheoryData<string> Chips => new() { "parking", "polling" };

    [Theory]
    [MemberData(nameof(Chips))]
    public void Lanes_of_senders_that_went_quiet_drop_out_of_the_cores_poll_and_come_back_when_they_send(string chip)
    {
        const int Senders = 3000;
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip == "polling" ? new PollingIpiChip() : null });
        var probe = new Probe();
        using var release = new ManualResetEventSlim();
        var senders = Enumerable.Range(0, Senders).Select(_ => new Thread(() =>
        {
            runtime.Post<Count, long>(1, 0, new CallRefs(probe)).Wait();
            release.Wait(Wait.Generous);
        }, maxStackSize: 256 << 10) { IsBackground = true }).ToArray();
        try
        {
            foreach (Thread sender in senders) sender.Start();
            Wait.Until(() => probe.Total == Senders, "every sender's call");
            Assert.True(runtime.CoreAt(1).Lanes.Length >= Senders);
            Wait.Until(() => runtime.CoreAt(1).ActiveLaneCount == 0, "the idle lanes to go dormant");
            // A quiet lane that sends again is polled again, and its call runs.
            Assert.Equal(11, runtime.Call<Scale, long, long>(1, 1));
            Assert.True(runtime.CoreAt(1).ActiveLaneCount <= 1);
            output.WriteLine($"{chip}: {runtime.CoreAt(1).Lanes.Length} lanes into core 1, {runtime.CoreAt(1).ActiveLaneCount} polled");
        }
        finally
        {
            release.Set();
            foreach (Thread sender in senders) sender.Join(Wait.Generous);
        }
    }

    private static int LaneCount(XCallRuntime runtime)
    {
        int lanes = 0;
        foreach (Core core in runtime.Cores) lanes += core.Lanes.Length + core.HighLanes.Length;
        return lanes;
    }
}
