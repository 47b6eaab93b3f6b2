using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace XCall;

/// <summary>What a core sees of an awaited call (see <see cref="AwaitedCall{TResult}"/>).</summary>
internal interface IAwaitedCall
{
    /// <summary>The type a handler's result must have, or 0 when the awaiter wants none.</summary>
    nint ResultType { get; }

    /// <summary>Core: the call starts; false if its sender cancelled it first (then it must not run).</summary>
    bool TryStart();

    /// <summary>Core: the call ended (or was cancelled before it ran, when <paramref name="cancelled"/>).</summary>
    void Complete(int core, Exception? fault, bool cancelled);
}

/// <summary>
/// A call to one core whose sender awaits it without blocking a thread: a pooled <see cref="IValueTaskSource{TResult}"/>
/// that travels with the call. The handler's result goes into it (it is the call's <see cref="ResultBox{T}"/>); the core
/// completes it, and the continuation runs on the thread pool or the awaiter's captured context, never on the core.
/// </summary>
/// <remarks>
/// Cancellation: the token's callback asks the core not to start the call — the core's start and the request form an
/// asymmetric Dekker (the callback pays the process-wide barrier) — and completes the await as cancelled at once. A
/// call the core had already started runs to completion there, and its outcome is discarded.
/// Ownership: once sent, the core and the awaiter each hold the object; whichever lets go last returns it to the pool,
/// so the core never touches an object that is serving another call.
/// </remarks>
internal sealed class AwaitedCall<TResult> : ResultBox<TResult>, IValueTaskSource<TResult>, IValueTaskSource, IAwaitedCall
{
    private const int Pending = 0;
    private const int Started = 1;

    private static readonly SourcePool<AwaitedCall<TResult>> s_pool = new(64);

    private ManualResetValueTaskSourceCore<TResult> _source = new() { RunContinuationsAsynchronously = true };
    private int _state;         // written by the core: Pending, then Started
    private int _cancelRequested;
    private int _finished;      // 1 once the await is completed (by the core or by cancellation): it completes once
    private int _owners;        // the core and the awaiter, while sent
    private int _core;
    private CancellationToken _token;
    private CancellationTokenRegistration _registration;

    public nint ResultType { get; private set; }

    /// <summary>A pooled call for a sender that awaits a <typeparamref name="TResult"/> (or nothing, when <paramref name="wantsResult"/> is false).</summary>
    public static AwaitedCall<TResult> Rent(bool wantsResult, int core)
    {
        AwaitedCall<TResult> call = s_pool.TryRent() ?? new AwaitedCall<TResult>();
        call.ResultType = wantsResult ? typeof(TResult).TypeHandle.Value : 0;
        call._core = core;
        return call;
    }

    /// <summary>The awaitable of this use.</summary>
    public ValueTask<TResult> Task => new(this, _source.Version);

    /// <summary>The awaitable of this use, for a call that returns nothing.</summary>
    public ValueTask VoidTask => new(this, _source.Version);

    /// <summary>Sender, just before publishing: from now on the core and the awaiter share the object.</summary>
    public void Share() => Volatile.Write(ref _owners, 2);

    /// <summary>Sender, when the call could not be sent: the object goes straight back to the pool.</summary>
    public void Discard()
    {
        Debug.Assert(_owners == 0, "never shared");
        Reset();
    }

    /// <summary>Sender, after publishing: cancellation of <paramref name="token"/> now cancels the call (if the core has not started it).</summary>
    public void Watch(CancellationToken token)
    {
        if (!token.CanBeCanceled) return;
        _token = token;
        _registration = token.UnsafeRegister(static call => ((AwaitedCall<TResult>)call!).Cancel(), this);
    }

    /// <summary>
    /// Sender, after publishing: spins for up to <paramref name="windowTicks"/> while the core has not finished the call,
    /// so that an answer within microseconds completes the await at once (no continuation, no thread-pool hop).
    /// </summary>
    public void SpinWhilePending(long windowTicks, bool oversubscribed)
    {
        short version = _source.Version;
        var spinner = new Spinner(windowTicks, oversubscribed);
        while (_source.GetStatus(version) == ValueTaskSourceStatus.Pending && spinner.Pause())
        {
        }
    }

    public bool TryStart()
    {
        Volatile.Write(ref _state, Started);
        // The light half of the Dekker with Cancel: no fence here; Cancel issues a process-wide barrier.
        return Volatile.Read(ref _cancelRequested) == 0;
    }

    public void Complete(int core, Exception? fault, bool cancelled)
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0)
        {
            if (cancelled) _source.SetException(Volatile.Read(ref _cancelRequested) != 0 ? new OperationCanceledException(_token) : Cancellation.ShutDown(core));
            else if (fault is not null) _source.SetException(fault);
            else _source.SetResult(Value);
        }
        Release();
    }

    private void Cancel()
    {
        Volatile.Write(ref _cancelRequested, 1);
        Interlocked.MemoryBarrierProcessWide(); // the heavy half of the Dekker with TryStart
        // Not started: the core will skip the call. Started: it runs to completion there, and its outcome is discarded.
        if (Interlocked.Exchange(ref _finished, 1) == 0) _source.SetException(new OperationCanceledException(_token));
    }

    TResult IValueTaskSource<TResult>.GetResult(short token)
    {
        try
        {
            return _source.GetResult(token);
        }
        finally
        {
            _registration.Dispose(); // waits for a cancellation callback that is running
            Release();
        }
    }

    void IValueTaskSource.GetResult(short token) => ((IValueTaskSource<TResult>)this).GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _source.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _source.OnCompleted(continuation, state, token, flags);

    private void Release()
    {
        if (Interlocked.Decrement(ref _owners) == 0) Reset();
    }

    private void Reset()
    {
        _source.Reset();
        Value = default!;
        _state = Pending;
        _cancelRequested = 0;
        _finished = 0;
        _owners = 0;
        _token = default;
        _registration = default;
        s_pool.Return(this);
    }
}
