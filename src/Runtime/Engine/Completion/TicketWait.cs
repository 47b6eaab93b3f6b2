using System;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace XCall;

/// <summary>
/// An await of a ticket that a token can cut short (<see cref="Ticket.WaitAsync"/>): a pooled <see cref="IValueTaskSource"/>
/// that completes when the ticket's call finished or the token is cancelled, whichever comes first.
/// </summary>
internal sealed class TicketWait : IValueTaskSource
{
    private static readonly SourcePool<TicketWait> s_pool = new(32);

    private readonly Action _onDone;
    private ManualResetValueTaskSourceCore<bool> _source = new() { RunContinuationsAsynchronously = true };
    private XCallRuntime? _runtime;
    private CancellationToken _token;
    private CancellationTokenRegistration _registration;
    private int _finished;
    private bool _reusable; // false once a continuation that may still run was left in the wait list

    private TicketWait() => _onDone = OnDone;

    public static TicketWait Rent(Ticket ticket, CancellationToken token)
    {
        TicketWait wait = s_pool.TryRent() ?? new TicketWait();
        wait._runtime = ((ITicketSource)ticket.Source!).Runtime;
        wait._token = token;
        wait._reusable = true;
        wait._registration = token.UnsafeRegister(static state => ((TicketWait)state!).OnCancel(), wait);
        wait._runtime.ContinueWhenDone(ticket, wait._onDone);
        return wait;
    }

    public ValueTask Task => new(this, _source.Version);

    private void OnDone()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0) _source.SetResult(true);
    }

    private void OnCancel()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0) return;
        // If the wait list already handed the continuation out, it may still run: then this object is never reused.
        if (!_runtime!.Waiters.RemoveContinuation(_onDone)) _reusable = false;
        _source.SetException(new OperationCanceledException(_token));
    }

    public void GetResult(short token)
    {
        try
        {
            _source.GetResult(token);
        }
        finally
        {
            _registration.Dispose(); // waits for a cancellation callback that is running
            Return();
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _source.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _source.OnCompleted(continuation, state, token, flags);

    private void Return()
    {
        if (!_reusable) return;
        _source.Reset();
        _finished = 0;
        _runtime = null;
        _token = default;
        _registration = default;
        s_pool.Return(this);
    }
}
