using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using static XCall.Generator.Tests.Infrastructure.Runtimes;

namespace XCall.Generator.Tests.EndToEnd;

/// <summary>The sync senders that take a timeout and a token: a caller is never stuck behind a stalled handler.</summary>
public sealed class TimeoutTests : IDisposable
{
    private readonly XCallRuntime _runtime = Threaded();

    public TimeoutTests() => Counters.Reset();

    public void Dispose() => _runtime.Dispose();

    [Fact]
    public void A_sync_call_with_a_timeout_returns_the_methods_value_when_the_core_answers_in_time()
    {
        Assert.Equal(5, Counters.AddOn(_runtime, 1, 5, Patience));
        Counters.ResetHereOn(_runtime, 1, Patience);

        Assert.Equal(0, Counters.ValueOn(1));
    }

    [Fact]
    public async Task A_sync_call_that_times_out_behind_a_stalled_handler_throws_and_never_runs()
    {
        var gate = new Gate();
        ValueTask<long> stalled = Counters.HoldOnAsync(_runtime, 1, gate);
        Assert.True(gate.WaitEntered());

        Assert.Throws<TimeoutException>(() => Counters.AddOn(_runtime, 1, 5, TimeSpan.FromMilliseconds(1)));

        gate.Open();
        Assert.Equal(100, await stalled.AsTask().WaitAsync(Patience));
        Assert.Equal(100, Counters.AddOn(_runtime, 1, 0)); // the timed-out Add never ran
    }

    [Fact]
    public async Task Cancelling_the_token_of_a_sync_call_that_is_running_ends_the_wait_and_the_call_finishes_on_its_core()
    {
        var gate = new Gate();
        using var cancellation = new CancellationTokenSource();
        Task canceller = Task.Run(() =>
        {
            if (gate.WaitEntered()) cancellation.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(() => Counters.HoldOn(_runtime, 1, gate, Timeout.InfiniteTimeSpan, cancellation.Token));

        gate.Open();
        await canceller.WaitAsync(Patience);
        Assert.Equal(100, Counters.AddOn(_runtime, 1, 0)); // queued behind it: the held call finished
    }
}
