using System;

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
        for (int i = 0; i < operations; i++)
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
                default: throw new InvalidOperationException($"Unknown form {_form}.");
            }
        }
        last.Wait();
    }

    public override void Dispose()
    {
        _ipi.Dispose();
        _runtime.Dispose();
    }
}
