using System;
using System.Threading;
using Xunit;

namespace XCall.Generator.Tests.EndToEnd;

/// <summary>Runtime bugs the generated senders run into; skipped until the runtime is fixed (see the skip reasons).</summary>
public sealed class RuntimeBugTests
{
    [Fact(Skip = "runtime bug: a sync private-request call can return while the core is still between 'completing' and 'idle' "
        + "(XCallRequest.RegisterWaiter refuses on Completing, so Wait returns early), and XCallRequest.Prepare, unlike Begin, "
        + "does not wait out Completing: preparing the request again at once throws 'still in flight'. Fails about one run in three here.")]
    public void A_private_request_can_be_sent_again_as_soon_as_its_sync_call_returned()
    {
        // Busy threads get the core thread preempted now and then between "completing" and "idle", the moment a
        // sync caller that ran out of spinning can register its wake-up, be refused, and return early.
        using var stop = new CancellationTokenSource();
        Thread[] hogs = new Thread[4];
        for (int i = 0; i < hogs.Length; i++)
        {
            hogs[i] = new Thread(() => { while (!stop.IsCancellationRequested) Thread.SpinWait(100); }) { IsBackground = true };
            hogs[i].Start();
        }
        using XCallRuntime runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Name = "request-reuse" });
        var request = new XCallRequest();
        try
        {
            for (int i = 0; i < 20_000; i++) Counters.AddOn(runtime, 1, request, 1);
        }
        finally
        {
            stop.Cancel();
        }
    }
}
