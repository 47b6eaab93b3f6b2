using System;
using System.Threading;
using System.Threading.Tasks;

namespace XCall.Benchmarks;

/// <summary>The generated call forms, each what a user writes, for measuring what a call allocates.</summary>
public enum CallForm
{
    Async,
    Sync,
    SyncBroadcast,
    AsyncBroadcast,
    PrivateRequestSync,
    PrivateRequestAsync,
    IpiMessage,
    Batch,
    Awaited,
}

/// <summary>One call form sent from this thread to a two-core runtime with default options, over and over.</summary>
public sealed class CallForms : Workload
{
    private readonly XCallRuntime _runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
    private readonly XCallRequest _request = new();
    private readonly IpiHandlers.Registrations _ipi;
    private readonly CallForm _form;

    public CallForms(CallForm form)
    {
        _form = form;
        _ipi = IpiHandlers.Register(_runtime);
    }

    public override string Name => $"XCall {_form}";

    public override void Run(int operations)
    {
        Ticket last = default;
        int step = _form == CallForm.Batch ? BatchSize : 1; // a batch form's step is one batch
        for (int i = 0; i < operations; i += step)
        {
            switch (_form)
            {
                case CallForm.Async: last = Bench.AccumulateOn(_runtime, 1, i); break;
                case CallForm.Sync: Bench.IncrementOn(_runtime, 1, i); break;
                case CallForm.SyncBroadcast: Bench.TouchOnAll(_runtime, i); break;
                case CallForm.AsyncBroadcast: last = Bench.AccumulateOnAll(_runtime, i); break;
                case CallForm.PrivateRequestSync: Bench.IncrementOn(_runtime, 1, _request, i); break;
                case CallForm.PrivateRequestAsync: Bench.AccumulateOn(_runtime, 1, _request, i).Wait(); break;
                case CallForm.IpiMessage: last = IpiHandlers.Send(_runtime, 1, new Ping(i)); break;
                case CallForm.Batch: last = PostBatch(i, Math.Min(step, operations - i)); break;
                case CallForm.Awaited: Await(i); break;
                default: throw new InvalidOperationException($"Unknown form {_form}.");
            }
        }
        last.Wait();
    }

    private const int BatchSize = 10;

    private Ticket PostBatch(int first, int count)
    {
        Ticket last = default;
        using CallBatch batch = _runtime.Batch(1);
        for (int i = first; i < first + count; i++) last = batch.Post<Bench.AccumulateCrossCall, Bench.AccumulateCrossCall.Args>(new() { value = i });
        return last;
    }

    /// <summary>The awaited call's own path, without an await: its value task is polled until done, so no continuation (and no state machine of this loop) is counted.</summary>
    private void Await(int i)
    {
        ValueTask<long> call = _runtime.CallAsync<Bench.IncrementCrossCall, Bench.IncrementCrossCall.Args, long>(1, new() { value = i });
        var spinner = new SpinWait();
        while (!call.IsCompleted) spinner.SpinOnce(-1);
        if (call.Result != i + 1) throw new InvalidOperationException("wrong result");
    }

    public override void Dispose()
    {
        _ipi.Dispose();
        _runtime.Dispose();
    }
}
