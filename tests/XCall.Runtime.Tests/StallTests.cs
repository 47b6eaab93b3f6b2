using System;
using System.Collections.Concurrent;
using System.Threading;
using Xunit;

namespace XCall.Tests;

public class StallTests
{
    [Fact]
    public void A_call_that_runs_past_the_stall_timeout_is_reported_once_with_its_core_and_handler()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, StallTimeout = TimeSpan.FromMilliseconds(50) });
        var stalls = new ConcurrentQueue<CallStalledEventArgs>();
        using var release = new ManualResetEventSlim();
        runtime.CallStalled += (_, e) =>
        {
            stalls.Enqueue(e);
            release.Set(); // the stall was seen: let the handler finish
        };
        Ticket ticket = runtime.Post<Block, long>(1, 0, new CallRefs(release));
        Assert.True(ticket.Wait(Wait.Generous));
        CallStalledEventArgs stall = Assert.Single(stalls);
        Assert.Equal(1, stall.Core);
        Assert.Equal("Tests.Block", stall.Handler);
        Assert.True(stall.Elapsed >= TimeSpan.FromMilliseconds(50));
        Assert.Equal(new long[] { 0, 1 }, runtime.GetStatistics().StallsPerCore);
    }

    [Fact]
    public void Quick_calls_are_never_reported_as_stalled()
    {
        // A timeout no scheduling hiccup of a loaded machine reaches: the test is about false reports, not precision.
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, StallTimeout = TimeSpan.FromSeconds(1) });
        int stalls = 0;
        runtime.CallStalled += (_, _) => Interlocked.Increment(ref stalls);
        var probe = new Probe();
        for (int i = 0; i < 20_000; i++) runtime.Call<Count, long>(i % 2, i, new CallRefs(probe));
        Thread.Sleep(1500); // longer than the timeout, with idle cores
        Assert.Equal(0, stalls);
    }

    [Fact]
    public void With_stall_detection_off_a_call_that_runs_long_is_never_reported()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, StallTimeout = Timeout.InfiniteTimeSpan });
        int stalls = 0;
        runtime.CallStalled += (_, _) => Interlocked.Increment(ref stalls);
        using var release = new ManualResetEventSlim();
        var started = new Probe();
        Ticket ticket = runtime.Post<Block, long>(1, 0, new CallRefs(release, started));
        Wait.Until(() => started.Total == 1, "the call to start");
        Thread.Sleep(1500); // longer than the default timeout: a watchdog left on by mistake would report it
        release.Set();
        Assert.True(ticket.Wait(Wait.Generous));
        Assert.Equal(0, stalls);
        Assert.Equal(0, runtime.GetStatistics().TotalStalls);
    }
}
