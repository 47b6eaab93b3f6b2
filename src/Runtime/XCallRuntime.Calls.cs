using System;
using System.Threading;

namespace XCall;

// The low-level call API: every generated sender ends in one of these methods. THandler names the code that
// runs on the core (its thunk is one function pointer); TArgs is copied into the slot; references travel in CallRefs.
public sealed partial class XCallRuntime
{
    /// <summary>Runs <typeparamref name="THandler"/> on <paramref name="core"/> and waits for it (inline if the caller is that core).</summary>
    /// <typeparam name="THandler">The handler to run.</typeparam>
    /// <typeparam name="TArgs">Its argument struct.</typeparam>
    /// <param name="core">The target core id.</param>
    /// <param name="args">The arguments, copied into the slot.</param>
    /// <param name="refs">References that travel with the call.</param>
    /// <param name="priority">The queue to use on the core.</param>
    /// <exception cref="ArgumentOutOfRangeException">No such core.</exception>
    /// <exception cref="CoreOfflineException">The core is offline.</exception>
    /// <exception cref="QueueFullException">The queue is full and <see cref="XCallOptions.WhenQueueFull"/> is <see cref="FullQueuePolicy.Throw"/>.</exception>
    /// <exception cref="ObjectDisposedException">The runtime is shut down.</exception>
    /// <exception cref="OperationCanceledException">Shutdown cancelled the call before it ran.</exception>
    /// <remarks>Whatever the handler throws is rethrown here with its original stack trace.</remarks>
    public void Call<THandler, TArgs>(int core, in TArgs args, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        => CallOne<TArgs, NoResult>(ValidCore(core), Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, wantsResult: false, tryForm: false, out _);

    /// <summary>Runs <typeparamref name="THandler"/> on <paramref name="core"/>, waits for it and returns the value it set with <see cref="CallFrame.SetResult{T}(T)"/>.</summary>
    /// <inheritdoc cref="Call{THandler, TArgs}(int, in TArgs, CallRefs, CallPriority)"/>
    public TResult Call<THandler, TArgs, TResult>(int core, in TArgs args, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        => CallOne<TArgs, TResult>(ValidCore(core), Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, wantsResult: true, tryForm: false, out _);

    /// <summary>
    /// Runs <typeparamref name="THandler"/> on <paramref name="core"/> and waits for it at most <paramref name="timeout"/>, or
    /// until <paramref name="cancellationToken"/> is cancelled, so a caller is never stuck behind a stalled handler.
    /// </summary>
    /// <param name="core">The target core id.</param>
    /// <param name="args">The arguments, copied into the queue.</param>
    /// <param name="timeout">The longest wait, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <param name="cancellationToken">Ends the wait early.</param>
    /// <param name="refs">References that travel with the call.</param>
    /// <param name="priority">The queue to use on the core.</param>
    /// <exception cref="TimeoutException">The call did not finish in time.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <remarks>
    /// When the wait ends early, a call its core has not started is cancelled and never runs; one already running
    /// finishes on its core and its outcome is discarded. Other exceptions as for <see cref="Call{THandler, TArgs}(int, in TArgs, CallRefs, CallPriority)"/>.
    /// </remarks>
    public void Call<THandler, TArgs>(int core, in TArgs args, TimeSpan timeout, CancellationToken cancellationToken = default, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        => CallOne<TArgs, NoResult>(ValidCore(core), Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, wantsResult: false, tryForm: false,
            Deadline.After(timeout), cancellationToken, out _);

    /// <summary>Like <see cref="Call{THandler, TArgs}(int, in TArgs, TimeSpan, CancellationToken, CallRefs, CallPriority)"/>, returning the value the handler set.</summary>
    /// <inheritdoc cref="Call{THandler, TArgs}(int, in TArgs, TimeSpan, CancellationToken, CallRefs, CallPriority)"/>
    public TResult Call<THandler, TArgs, TResult>(int core, in TArgs args, TimeSpan timeout, CancellationToken cancellationToken = default, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        => CallOne<TArgs, TResult>(ValidCore(core), Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, wantsResult: true, tryForm: false,
            Deadline.After(timeout), cancellationToken, out _);

    /// <summary>
    /// Runs <typeparamref name="THandler"/> on the one core a single-core <paramref name="target"/> names — <see cref="Target.Core(int)"/>,
    /// or the core <see cref="Target.AnyOf(CoreMask)"/> picks — waits for it and returns the value it set.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="target"/> names several cores (use the overload with a results span).</exception>
    /// <inheritdoc cref="Call{THandler, TArgs}(int, in TArgs, CallRefs, CallPriority)"/>
    public TResult Call<THandler, TArgs, TResult>(in Target target, in TArgs args, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        => CallOne<TArgs, TResult>(SingleCore(target), Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, wantsResult: true, tryForm: false, out _);

    /// <summary>Runs <typeparamref name="THandler"/> on every core of <paramref name="target"/> and waits for all; returns how many cores ran it.</summary>
    /// <typeparam name="THandler">The handler to run.</typeparam>
    /// <typeparam name="TArgs">Its argument struct.</typeparam>
    /// <param name="target">Where to run it (offline cores are skipped, and the calling core runs its part inline).</param>
    /// <param name="args">The arguments, copied into each target's slot.</param>
    /// <param name="refs">References that travel with the call.</param>
    /// <param name="priority">The queue to use on each core.</param>
    /// <exception cref="AggregateException">Handlers threw: one inner exception per failing core, in core order.</exception>
    /// <exception cref="ArgumentException">The target's mask is empty or names a core that does not exist.</exception>
    public int Call<THandler, TArgs>(in Target target, in TArgs args, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
    {
        Multicast<TArgs, NoResult>(in target, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, Finish.Wait, tryForm: false, default, out _, out int count);
        return count;
    }

    /// <summary>
    /// Runs <typeparamref name="THandler"/> on every core of <paramref name="target"/>, waits for all, and stores core
    /// <c>i</c>'s result in <c>results[i]</c> (entries of cores that did not run it are left as they were). Returns how many cores ran it.
    /// </summary>
    /// <typeparam name="THandler">The handler to run.</typeparam>
    /// <typeparam name="TArgs">Its argument struct.</typeparam>
    /// <typeparam name="TResult">The result type the handler sets.</typeparam>
    /// <param name="target">Where to run it (offline cores are skipped, and the calling core runs its part inline).</param>
    /// <param name="args">The arguments, copied into each target's slot.</param>
    /// <param name="results">At least <see cref="CoreCount"/> entries, indexed by core id.</param>
    /// <param name="refs">References that travel with the call.</param>
    /// <param name="priority">The queue to use on each core.</param>
    /// <exception cref="AggregateException">Handlers threw: one inner exception per failing core, in core order.</exception>
    /// <exception cref="ArgumentException">The target's mask is empty or names a core that does not exist, or <paramref name="results"/> is too short.</exception>
    public int Call<THandler, TArgs, TResult>(in Target target, in TArgs args, Span<TResult> results, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        where TResult : unmanaged
    {
        CheckResults(results);
        Multicast(in target, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, Finish.Wait, tryForm: false, results, out _, out int count);
        return count;
    }

    /// <summary>Queues <typeparamref name="THandler"/> on <paramref name="core"/> and returns at once with a ticket (runs inline if the caller is that core).</summary>
    /// <inheritdoc cref="Call{THandler, TArgs}(int, in TArgs, CallRefs, CallPriority)"/>
    public Ticket Post<THandler, TArgs>(int core, in TArgs args, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        => PostOne(ValidCore(core), Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, tryForm: false, out _);

    /// <summary>Queues <typeparamref name="THandler"/> on every core of <paramref name="target"/> and returns one ticket for all of them.</summary>
    /// <inheritdoc cref="Call{THandler, TArgs}(in Target, in TArgs, CallRefs, CallPriority)"/>
    public Ticket Post<THandler, TArgs>(in Target target, in TArgs args, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
    {
        Multicast<TArgs, NoResult>(in target, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, Finish.Ticket, tryForm: false, default, out Ticket ticket, out _);
        return ticket;
    }

    /// <summary>Like <see cref="Call{THandler, TArgs}(in Target, in TArgs, CallRefs, CallPriority)"/>, but never waits for queue room: false when a target queue is full (then nothing is sent, to any core).</summary>
    /// <inheritdoc cref="Call{THandler, TArgs}(in Target, in TArgs, CallRefs, CallPriority)"/>
    public bool TryCall<THandler, TArgs>(in Target target, in TArgs args, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        => Multicast<TArgs, NoResult>(in target, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, Finish.Wait, tryForm: true, default, out _, out _) == CallStatus.Accepted;

    /// <summary>Like <see cref="Call{THandler, TArgs, TResult}(int, in TArgs, CallRefs, CallPriority)"/>, but never waits for queue room: false when the queue is full (then nothing is sent).</summary>
    /// <inheritdoc cref="Call{THandler, TArgs}(int, in TArgs, CallRefs, CallPriority)"/>
    public bool TryCall<THandler, TArgs, TResult>(int core, in TArgs args, out TResult result, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
    {
        result = CallOne<TArgs, TResult>(ValidCore(core), Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, wantsResult: true, tryForm: true, out CallStatus status);
        return status == CallStatus.Accepted;
    }

    /// <summary>Like <see cref="Call{THandler, TArgs, TResult}(in Target, in TArgs, CallRefs, CallPriority)"/>, but never waits for queue room: false when the queue is full (then nothing is sent).</summary>
    /// <exception cref="ArgumentException"><paramref name="target"/> names several cores.</exception>
    /// <inheritdoc cref="Call{THandler, TArgs}(int, in TArgs, CallRefs, CallPriority)"/>
    public bool TryCall<THandler, TArgs, TResult>(in Target target, in TArgs args, out TResult result, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
    {
        result = CallOne<TArgs, TResult>(SingleCore(target), Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, wantsResult: true, tryForm: true, out CallStatus status);
        return status == CallStatus.Accepted;
    }

    /// <summary>Like <see cref="Call{THandler, TArgs, TResult}(in Target, in TArgs, Span{TResult}, CallRefs, CallPriority)"/>, but never waits for queue room: false when a target queue is full (then nothing is sent, to any core).</summary>
    /// <inheritdoc cref="Call{THandler, TArgs, TResult}(in Target, in TArgs, Span{TResult}, CallRefs, CallPriority)"/>
    public bool TryCall<THandler, TArgs, TResult>(in Target target, in TArgs args, Span<TResult> results, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        where TResult : unmanaged
    {
        CheckResults(results);
        return Multicast(in target, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, Finish.Wait, tryForm: true, results, out _, out _) == CallStatus.Accepted;
    }

    /// <summary>Like <see cref="Post{THandler, TArgs}(in Target, in TArgs, CallRefs, CallPriority)"/>, but never waits for queue room: false when a target queue is full (then nothing is sent, to any core).</summary>
    /// <typeparam name="THandler">The handler to run.</typeparam>
    /// <typeparam name="TArgs">Its argument struct.</typeparam>
    /// <param name="target">Where to run it (offline cores are skipped, and the calling core runs its part inline).</param>
    /// <param name="args">The arguments, copied into each target's slot.</param>
    /// <param name="ticket">The ticket of the accepted call; a completed ticket when nothing was sent.</param>
    /// <param name="refs">References that travel with the call.</param>
    /// <param name="priority">The queue to use on each core.</param>
    /// <exception cref="ArgumentException">The target's mask is empty or names a core that does not exist.</exception>
    public bool TryPost<THandler, TArgs>(in Target target, in TArgs args, out Ticket ticket, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        => Multicast<TArgs, NoResult>(in target, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, Finish.Ticket, tryForm: true, default, out ticket, out _) == CallStatus.Accepted;

    private void CheckResults<TResult>(Span<TResult> results)
    {
        if (results.Length < _cores.Length)
            throw new ArgumentException($"The results span has {results.Length} entries; it needs one per core ({_cores.Length}), indexed by core id.", nameof(results));
    }
}
