using System;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace XCall;

/// <summary>Told by a <see cref="Group"/> when every target finished (see <see cref="AwaitedGroup{TResult}"/>).</summary>
internal interface IGroupAwaiter
{
    void GroupFinished();
}

/// <summary>
/// An awaited call to several cores: a pooled <see cref="IValueTaskSource{TResult}"/> the group completes when its last
/// target finished. The results stay in the group's memory until the awaiter takes them (in <c>GetResult</c>, on its
/// own thread), so a cancelled await leaves the caller's memory alone.
/// </summary>
internal sealed class AwaitedGroup<TResult> : IValueTaskSource<int>, IGroupAwaiter where TResult : unmanaged
{
    private static readonly SourcePool<AwaitedGroup<TResult>> s_pool = new(32);

    private ManualResetValueTaskSourceCore<int> _source = new() { RunContinuationsAsynchronously = true };
    private Group? _group;
    private CoreMask _ran;
    private int _count;
    private Memory<TResult> _results;
    private CancellationToken _token;
    private CancellationTokenRegistration _registration;
    private int _finished;  // 1 once the await completed (the group finished, or the token fired): it completes once
    private bool _reusable; // false once the group may still call back after the await ended (a cancelled await)

    /// <summary>Awaits <paramref name="group"/>, reserved by its sender, whose targets are <paramref name="ran"/>.</summary>
    public static ValueTask<int> Await(Group group, CoreMask ran, int count, Memory<TResult> results, CancellationToken cancellationToken)
    {
        AwaitedGroup<TResult> awaiter = s_pool.TryRent() ?? new AwaitedGroup<TResult>();
        awaiter._group = group;
        awaiter._ran = ran;
        awaiter._count = count;
        awaiter._results = results;
        awaiter._token = cancellationToken;
        awaiter._reusable = true;
        var task = new ValueTask<int>(awaiter, awaiter._source.Version);
        group.SetAwaiter(awaiter);
        if (cancellationToken.CanBeCanceled)
            awaiter._registration = cancellationToken.UnsafeRegister(static state => ((AwaitedGroup<TResult>)state!).Cancel(), awaiter);
        return task;
    }

    public void GroupFinished()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0) _source.SetResult(_count);
    }

    private void Cancel()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0) return;
        _reusable = false; // the group will still call GroupFinished when its calls end
        _source.SetException(new OperationCanceledException(_token));
    }

    public int GetResult(short token)
    {
        Group group = _group!;
        try
        {
            int count = _source.GetResult(token); // throws the cancellation
            group.Collect(_ran, _results.Span);     // throws the handlers' faults, in core order
            return count;
        }
        finally
        {
            _registration.Dispose(); // waits for a cancellation callback that is running
            group.Unreserve();
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
        _group = null;
        _results = default;
        _token = default;
        _registration = default;
        _finished = 0;
        s_pool.Return(this);
    }
}
