using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace XCall.Tests;

public class OfflineTests
{
    [Fact]
    public void A_call_to_an_offline_core_is_a_clear_error()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        runtime.TakeOffline(1);
        Assert.False(runtime.IsOnline(1));
        var error = Assert.Throws<CoreOfflineException>(() => runtime.Call<Scale, long, long>(1, 1));
        Assert.Equal(1, error.Core);
        Assert.Contains("Core 1 is offline", error.Message);
        Assert.Throws<CoreOfflineException>(() => runtime.Post<Scale, long>(1, 1));
        Assert.Throws<CoreOfflineException>(() => runtime.Post(1, Prepared()));
    }

    [Fact]
    public void Broadcasts_skip_offline_cores()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 4 });
        var probe = new Probe();
        runtime.TakeOffline(2);
        Assert.Equal(3, runtime.Call<Record, long>(Target.All, 0, new CallRefs(probe)));
        Assert.Equal(1, runtime.Call<Record, long>(Target.InMask(CoreMask.Of(1, 2)), 0, new CallRefs(probe)));
        Assert.Equal(0, probe.On(2));
        Assert.Equal(CoreMask.Of(0, 1, 3), runtime.OnlineCores);
    }

    [Fact]
    public void A_core_brought_back_online_takes_calls_again()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        runtime.TakeOffline(1);
        runtime.BringOnline(1);
        Assert.Equal(11, runtime.Call<Scale, long, long>(1, 1));
        Assert.Equal(2, runtime.Call<Count, long>(Target.All, 0, new CallRefs(new Probe())));
    }

    [Fact]
    public async Task Taking_a_core_offline_returns_only_after_the_calls_it_accepted_ran()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        using var release = new ManualResetEventSlim();
        var probe = new Probe();
        _ = runtime.Post<Block, long>(1, 0, new CallRefs(release));
        for (int i = 0; i < 10; i++) _ = runtime.Post<Record, long>(1, i, new CallRefs(probe));
        var offline = Task.Run(() => runtime.TakeOffline(1));
        Thread.Sleep(20);
        Assert.False(offline.IsCompleted);
        release.Set();
        await offline.WaitAsync(Wait.Generous);
        Assert.Equal(10, probe.Total);
    }

    [Fact]
    public void Any_of_a_mask_skips_offline_cores_and_fails_clearly_when_none_is_online()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        var probe = new Probe();
        runtime.TakeOffline(1);
        runtime.Call<Record, long>(Target.AnyOf(CoreMask.Of(1, 2)), 0, new CallRefs(probe));
        Assert.Equal(1, probe.On(2));
        runtime.TakeOffline(2);
        Assert.Throws<CoreOfflineException>(() => runtime.Call<Record, long>(Target.AnyOf(CoreMask.Of(1, 2)), 0, new CallRefs(probe)));
    }

    private static XCallRequest Prepared()
    {
        var request = new XCallRequest();
        request.Prepare<Count, long>(0, new CallRefs(new Probe()));
        return request;
    }
}
