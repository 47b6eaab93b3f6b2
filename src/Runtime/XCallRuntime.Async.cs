using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace XCall;

// Awaited calls: the caller awaits a ValueTask instead of blocking a thread. The outcome goes to a pooled awaitable
// that travels with the call; a full queue is awaited too (with FullQueuePolicy.Wait). Cancellation stops a call its
// core has not started, and ends the await at once either way.
public sealed partial class XCallRuntime
{
    /// <summary>
    /// Runs <typeparamref name="THandler"/> on <paramref name="core"/> and completes with the value it set, without blocking
    /// the caller (inline, and already complete, when the caller is that core). The continuation runs on the caller's
    /// captured context, or the thread pool — never on a core.
    /// </summary>
    /// <param name="core">The target core id.</param>
    /// <param name="args">The arguments, copied into the queue.</param>
    /// <param name="cancellationToken">
    /// Cancels the call if its core has not started it (it then never runs); the await ends with
    /// <see cref="OperationCanceledException"/> at once either way, and a call already running completes on its core with its outcome discarded.
    /// </param>
    /// <param name="refs">References that travel with the call.</param>
    /// <param name="priority">The queue to use on the core.</param>
    /// <exception cref="ArgumentOutOfRangeException">No such core.</exception>
    /// <exception cref="CoreOfflineException">The core is offline.</exception>
    /// <exception cref="QueueFullException">The queue is full and <see cref="XCallOptions.WhenQueueFull"/> is <see cref="FullQueuePolicy.Throw"/>.</exception>
    /// <exception cref="ObjectDisposedException">The runtime is shut down.</exception>
    /// <remarks>The await throws what the handler threw, or <see cref="OperationCanceledException"/> if the call was cancelled.</remarks>
    public ValueTask<TResult> CallAsync<THandler, TArgs, TResult>(int core, in TArgs args, CancellationToken cancellationToken = default, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        => CallOneAsync<TArgs, TResult>(ValidCore(core), Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, wantsResult: true, cancellationToken);

    /// <summary>Like <see cref="CallAsync{THandler, TArgs, TResult}(int, in TArgs, CancellationToken, CallRefs, CallPriority)"/>, on the one core a single-core <paramref name="target"/> names (<see cref="Target.AnyOf(CoreMask)"/> picks it now).</summary>
    /// <exception cref="ArgumentException"><paramref name="target"/> names several cores (use the overload with results).</exception>
    /// <inheritdoc cref="CallAsync{THandler, TArgs, TResult}(int, in TArgs, CancellationToken, CallRefs, CallPriority)"/>
    public ValueTask<TResult> CallAsync<THandler, TArgs, TResult>(in Target target, in TArgs args, CancellationToken cancellationToken = default, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        => CallOneAsync<TArgs, TResult>(SingleCore(target), Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, wantsResult: true, cancellationToken);

    /// <summary>Runs <typeparamref name="THandler"/> on <paramref name="core"/> and completes when it finished, without blocking the caller.</summary>
    /// <inheritdoc cref="CallAsync{THandler, TArgs, TResult}(int, in TArgs, CancellationToken, CallRefs, CallPriority)"/>
    public ValueTask CallAsync<THandler, TArgs>(int core, in TArgs args, CancellationToken cancellationToken = default, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
    {
        ValueTask<NoResult> call = CallOneAsync<TArgs, NoResult>(ValidCore(core), Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, wantsResult: false, cancellationToken);
        if (!call.IsCompletedSuccessfully) return WithoutResult(call);
        call.GetAwaiter().GetResult(); // consumed, so its pooled source goes back to the pool
        return default;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask WithoutResult(ValueTask<NoResult> call) => await call.ConfigureAwait(false);

    /// <summary>
    /// Runs <typeparamref name="THandler"/> on every core of <paramref name="target"/> and completes, without blocking the
    /// caller, with how many cores ran it, once all finished.
    /// </summary>
    /// <param name="target">Where to run it (offline cores are skipped, and the calling core runs its part inline).</param>
    /// <param name="args">The arguments, copied into each target's queue.</param>
    /// <param name="cancellationToken">Ends the await with <see cref="OperationCanceledException"/>; the calls already sent still run.</param>
    /// <param name="refs">References that travel with the call.</param>
    /// <param name="priority">The queue to use on each core.</param>
    /// <remarks>The await throws an <see cref="AggregateException"/> of the handlers' exceptions, in core order, if any threw.</remarks>
    public ValueTask<int> CallAsync<THandler, TArgs>(in Target target, in TArgs args, CancellationToken cancellationToken = default, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        => ManyAsync<TArgs, NoResult>(in target, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, default, wantsResults: false, cancellationToken);

    /// <summary>
    /// Runs <typeparamref name="THandler"/> on every core of <paramref name="target"/>, and once all finished stores core
    /// <c>i</c>'s result in <c>results.Span[i]</c> and completes with how many cores ran it — without blocking the caller.
    /// </summary>
    /// <param name="target">Where to run it (offline cores are skipped, and the calling core runs its part inline).</param>
    /// <param name="args">The arguments, copied into each target's queue.</param>
    /// <param name="results">At least <see cref="CoreCount"/> entries, indexed by core id; written only once every core finished.</param>
    /// <param name="cancellationToken">Ends the await with <see cref="OperationCanceledException"/> (and leaves <paramref name="results"/> alone); the calls already sent still run.</param>
    /// <param name="refs">References that travel with the call.</param>
    /// <param name="priority">The queue to use on each core.</param>
    /// <inheritdoc cref="CallAsync{THandler, TArgs}(in Target, in TArgs, CancellationToken, CallRefs, CallPriority)"/>
    public ValueTask<int> CallAsync<THandler, TArgs, TResult>(in Target target, in TArgs args, Memory<TResult> results, CancellationToken cancellationToken = default, CallRefs refs = default, CallPriority priority = CallPriority.Normal)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
        where TResult : unmanaged
    {
        CheckResults(results.Span);
        return ManyAsync(in target, Thunks<THandler, TArgs>.Pointer, in args, in refs, priority, results, wantsResults: true, cancellationToken);
    }

    private ValueTask<TResult> CallOneAsync<TArgs, TResult>(Core target, nint thunk, in TArgs args, in CallRefs refs, CallPriority priority,
        bool wantsResult, CancellationToken cancellationToken)
        where TArgs : unmanaged
    {
        CheckPayload<TArgs>();
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<TResult>(cancellationToken);
        ProducerContext context = Context();
        if (target == context.Self)
        {
            try
            {
                return new ValueTask<TResult>(CallInline<TArgs, TResult>(context, target, thunk, in args, in refs, wantsResult));
            }
            catch (Exception fault)
            {
                return ValueTask.FromException<TResult>(fault);
            }
        }
        AwaitedCall<TResult> call = AwaitedCall<TResult>.Rent(wantsResult, target.Id);
        bool sent;
        try
        {
            sent = TrySendAwaited(context, target, thunk, in args, in refs, priority, call)
                || (context.LaneTo(target, priority).TryGrow() && TrySendAwaited(context, target, thunk, in args, in refs, priority, call));
            if (!sent && _whenFull == FullQueuePolicy.Throw)
            {
                context.Counters.QueueFull++;
                throw new QueueFullException(target.Id);
            }
        }
        catch
        {
            call.Discard();
            throw;
        }
        if (!sent)
        {
            context.Counters.QueueFull++;
            return CallOneWhenRoomAsync(target, thunk, args, refs, priority, call, cancellationToken);
        }
        call.Watch(cancellationToken);
        // A short spin for an active core's answer; not on a core (it would stop serving its queue) nor under the
        // manual chip (nothing runs until the test steps the cores).
        if (Driver.CoresHaveThreads && Core.Current is null) call.SpinWhilePending(Math.Min(PollWindowTicks, WaitTiming.AwaitedSpinTicks), Oversubscribed);
        return call.Task;
    }

    /// <summary>Publishes an awaited call into this thread's lane to <paramref name="target"/>; false when the lane is full.</summary>
    private unsafe bool TrySendAwaited<TArgs, TResult>(ProducerContext context, Core target, nint thunk, in TArgs args, in CallRefs refs,
        CallPriority priority, AwaitedCall<TResult> call)
        where TArgs : unmanaged
    {
        Lane lane = context.LaneTo(target, priority);
        long sentAt = SentAt();
        context.EnterSend();
        try
        {
            if (!target.IsOnline) throw new CoreOfflineException(target.Id);
            byte* body = lane.Ring.TryClaim(CallRecord.BodyBytes<TArgs>(sentAt), out _);
            if (body == null) return false;
            CallRecord.Write(body, thunk, in args, sentAt);
            call.Share();
            lane.Publish(CallRecord.Tag(CallRecord.Timed(CallKind.Awaited | CallKind.HasRefs, sentAt), context.SelfId, 0), in refs, call);
        }
        finally
        {
            context.ExitSend();
        }
        context.Notify(lane);
        return true;
    }

    /// <summary>The queue was full: awaits room (no thread blocked), sends from whichever thread the await resumed on, then awaits the call.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TResult> CallOneWhenRoomAsync<TArgs, TResult>(Core target, nint thunk, TArgs args, CallRefs refs, CallPriority priority,
        AwaitedCall<TResult> call, CancellationToken cancellationToken)
        where TArgs : unmanaged
    {
        try
        {
            while (true)
            {
                await Context().LaneTo(target, priority).RoomAsync(CallRecord.BodyBytes<TArgs>()).WaitAsync(cancellationToken).ConfigureAwait(false);
                if (TrySendAwaited(Context(), target, thunk, in args, in refs, priority, call)) break;
            }
        }
        catch
        {
            call.Discard();
            throw;
        }
        call.Watch(cancellationToken);
        return await call.Task.ConfigureAwait(false);
    }

    /// <summary>An awaited multi-core call: sends it (reserving its group), awaits its ticket, then copies the results out.</summary>
    private ValueTask<int> ManyAsync<TArgs, TResult>(in Target target, nint thunk, in TArgs args, in CallRefs refs, CallPriority priority,
        Memory<TResult> results, bool wantsResults, CancellationToken cancellationToken)
        where TArgs : unmanaged
        where TResult : unmanaged
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<int>(cancellationToken);
        if (target.Kind is TargetKind.Core or TargetKind.Any) return OneOfManyAsync(SingleCore(target), thunk, args, refs, priority, results, wantsResults, cancellationToken);
        Multicast(in target, thunk, in args, in refs, priority, Finish.Reserve, tryForm: false, Span<TResult>.Empty, wantsResults,
            out _, out int count, out Group? group, out CoreMask ran);
        if (group is null) return new ValueTask<int>(count); // no online core in the target
        return AwaitedGroup<TResult>.Await(group, ran, count, results, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> OneOfManyAsync<TArgs, TResult>(Core core, nint thunk, TArgs args, CallRefs refs, CallPriority priority,
        Memory<TResult> results, bool wantsResults, CancellationToken cancellationToken)
        where TArgs : unmanaged
        where TResult : unmanaged
    {
        TResult value = await CallOneAsync<TArgs, TResult>(core, thunk, in args, in refs, priority, wantsResults, cancellationToken).ConfigureAwait(false);
        if (wantsResults) results.Span[core.Id] = value;
        return 1;
    }
}
