using System;
using System.Threading;
using Xunit;

namespace XCall.Tests;

public class BadInputTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void A_core_id_out_of_range_is_rejected_with_the_valid_range_in_the_message(int core)
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => runtime.Call<Scale, long, long>(core, 1));
        Assert.Contains($"Core {core} does not exist: this runtime has 3 cores (0 to 2)", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => runtime.Post<Scale, long>(core, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => runtime.TakeOffline(core));
    }

    [Fact]
    public void An_empty_mask_is_rejected()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var error = Assert.Throws<ArgumentException>(() => runtime.Call<Scale, long>(Target.InMask(CoreMask.Empty), 1));
        Assert.Contains("mask is empty", error.Message);
        Assert.Throws<ArgumentException>(() => runtime.Post<Scale, long>(Target.AnyOf(CoreMask.Empty), 1));
    }

    [Fact]
    public void A_mask_naming_a_core_the_runtime_does_not_have_is_rejected()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => runtime.Call<Scale, long>(Target.InMask(CoreMask.Of(0, 5)), 1));
        Assert.Contains("names core 5", error.Message);
    }

    [Fact]
    public void Every_call_form_on_a_disposed_runtime_throws_object_disposed()
    {
        var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        runtime.Dispose();
        Assert.True(runtime.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => runtime.Call<Scale, long, long>(1, 1));
        Assert.Throws<ObjectDisposedException>(() => runtime.Post<Scale, long>(1, 1));
        Assert.Throws<ObjectDisposedException>(() => runtime.Post<Scale, long>(Target.All, 1));
        Assert.Throws<ObjectDisposedException>(() => runtime.TryPost<Scale, long>(Target.All, 1, out _));
        var request = new XCallRequest();
        request.Prepare<Scale, long>(1);
        Assert.Throws<ObjectDisposedException>(() => runtime.Post(1, request));
        Assert.Throws<ObjectDisposedException>(() => runtime.SendIpi(Target.All, 1, 5L));
        runtime.Dispose(); // disposing twice is fine
    }

    [Fact]
    public void A_payload_larger_than_the_slot_is_rejected_naming_both_sizes()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var error = Assert.Throws<ArgumentException>(() => runtime.Post<TakesHuge, Huge>(1, default));
        Assert.Contains($"{XCallRuntime.MaxPayloadSize + 1} bytes, larger than a call's {XCallRuntime.MaxPayloadSize}-byte payload", error.Message);
        Assert.Throws<ArgumentException>(() => new XCallRequest().Prepare<TakesHuge, Huge>(default));
    }

    [Fact]
    public void A_results_span_shorter_than_the_core_count_is_rejected()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        var error = Assert.Throws<ArgumentException>(() => runtime.Call<Scale, long, long>(Target.All, 1, new long[2]));
        Assert.Contains("needs one per core (3)", error.Message);
    }

    [Fact]
    public void A_result_of_the_wrong_type_is_an_error_not_a_memory_overwrite()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        // Scale sets a long; asking for a byte must not let it write eight bytes into one.
        var error = Assert.Throws<InvalidOperationException>(() => runtime.Call<Scale, long, byte>(1, 1));
        Assert.Contains("result of another type", error.Message);
    }

    [Theory]
    [InlineData(0, 256)]
    [InlineData(CoreMask.Capacity + 1, 256)]
    [InlineData(2, 3)]
    [InlineData(2, 1)]
    [InlineData(2, 1 << 17)]
    public void Options_out_of_range_are_rejected_naming_the_option(int cores, int capacity)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => XCallRuntime.Start(new XCallOptions { Cores = cores, QueueCapacity = capacity }));
        Assert.True(error.ParamName is "Cores" or "QueueCapacity", error.ParamName);
    }

    [Fact]
    public void Negative_timeouts_and_windows_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => XCallRuntime.Start(new XCallOptions { PollWindow = TimeSpan.FromTicks(-1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => XCallRuntime.Start(new XCallOptions { StallTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => XCallRuntime.Start(new XCallOptions { DrainTimeout = TimeSpan.FromTicks(-1) }));
    }

    [Fact]
    public void A_condition_on_a_single_core_target_is_rejected()
    {
        Assert.Throws<InvalidOperationException>(() => Target.Core(1).Where(static _ => true));
        Assert.Throws<ArgumentNullException>(() => Target.All.Where(null!));
    }

    [Fact]
    public void Disposing_a_runtime_from_one_of_its_own_cores_is_refused()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        Assert.Throws<InvalidOperationException>(() => runtime.Call<DisposeFromInside, long>(1, 0));
        Assert.False(runtime.IsDisposed);
    }

    [Fact]
    public void Waiting_for_everything_issued_from_a_core_is_refused()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        Assert.Throws<InvalidOperationException>(() => runtime.Call<WaitForIssuedInside, long>(1, 0));
    }

    private struct DisposeFromInside : ICrossCallHandler<long>
    {
        public static string Name => "Tests.DisposeFromInside";

        public static void Invoke(in long value, ref CallFrame frame) => frame.Runtime.Dispose();
    }

    private struct WaitForIssuedInside : ICrossCallHandler<long>
    {
        public static string Name => "Tests.WaitForIssuedInside";

        public static void Invoke(in long value, ref CallFrame frame) => frame.Runtime.WaitForIssued();
    }
}
