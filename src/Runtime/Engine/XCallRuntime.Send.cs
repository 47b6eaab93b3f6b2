using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace XCall;

// How a call is sent. Admission (disposal, offline cores) is checked inside a short window that never waits: a send
// that finds a queue full leaves the window, waits for room (serving its own core's queue if it is one), and then
// starts over — every check again, for every target. So a multi-core send is all or nothing with respect to
// disposal and TakeOffline however long it waited, and no part of it runs without the ticket that reports it.
public sealed partial class XCallRuntime
{
    private enum WhenFull : byte
    {
        Busy,
        Throw,
        Wait,
    }

    /// <summary>The result type of calls that return nothing.</summary>
    private struct NoResult
    {
    }

    private WhenFull FullMode(bool tryForm) =>
        tryForm ? WhenFull.Busy : _whenFull == FullQueuePolicy.Throw ? WhenFull.Throw : WhenFull.Wait;

    /// <summary>A sync call to one core: sends it, waits (serving this thread's core, if any), and returns its result.</summary>
    private TResult CallOne<TArgs, TResult>(Core target, nint thunk, in TArgs args, in CallRefs refs, CallPriority priority,
        bool wantsResult, bool tryForm, out CallStatus status)
        where TArgs : unmanaged
        => CallOne<TArgs, TResult>(target, thunk, in args, in refs, priority, wantsResult, tryForm, Deadline.Never, default, out status);

    /// <summary>
    /// A sync call to one core that gives up at <paramref name="deadline"/> or when <paramref name="cancellationToken"/> is
    /// cancelled: a call its core has not started then never runs; one already running finishes there, its outcome discarded.
    /// </summary>
    private TResult CallOne<TArgs, TResult>(Core target, nint thunk, in TArgs args, in CallRefs refs, CallPriority priority,
        bool wantsResult, bool tryForm, Deadline deadline, CancellationToken cancellationToken, out CallStatus status)
        where TArgs : unmanaged
    {
        CheckPayload<TArgs>();
        cancellationToken.ThrowIfCancellationRequested();
        ProducerContext context = Context();
        if (target == context.Self)
        {
            status = CallStatus.Accepted;
            return CallInline<TArgs, TResult>(context, target, thunk, in args, in refs, wantsResult);
        }
        Core.Current?.EnsureRoomToWait();
        ReplyCells replies = context.Replies;
        int cell = replies.Rent<TResult>(wantsResult);
        bool cancellable = !deadline.IsNever || cancellationToken.CanBeCanceled;
        Lane lane;
        long position;
        try
        {
            status = SendOne(context, target, thunk, in args, in refs, priority, cancellable ? CallKind.Reply | CallKind.Cancellable : CallKind.Reply,
                cell, tryForm, out lane, out position);
        }
        catch
        {
            replies.Return(cell); // nothing was sent
            throw;
        }
        if (status == CallStatus.Busy)
        {
            replies.Return(cell);
            return default!;
        }
        var finished = new ReplyCondition(replies, cell, new CallId(lane, position));
        WaitOutcome outcome;
        try
        {
            outcome = Wait(ref finished, deadline, cancellationToken);
        }
        catch
        {
            replies.Abandon(cell); // the core still writes the outcome, into the cell only
            throw;
        }
        if (outcome != WaitOutcome.Satisfied)
        {
            replies.TryCancel(cell); // not started: it never runs; started: it finishes on its core
            replies.Abandon(cell);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"The call to core {target.Id} did not finish in time: it was cancelled if core {target.Id} had not started it, else it finishes there and its outcome is discarded.");
        }
        return replies.Collect<TResult>(cell, target.Id);
    }

    /// <summary>An async call to one core: sends it and returns its ticket (or runs it now, on the caller's own core).</summary>
    private Ticket PostOne<TArgs>(Core target, nint thunk, in TArgs args, in CallRefs refs, CallPriority priority, bool tryForm, out CallStatus status)
        where TArgs : unmanaged
    {
        CheckPayload<TArgs>();
        ProducerContext context = Context();
        if (target == context.Self)
        {
            status = CallStatus.Accepted;
            Exception? fault = RunInline(context, target, thunk, in args, in refs, ref Unsafe.NullRef<byte>(), 0);
            return fault is null ? default : new Ticket(fault, 0);
        }
        status = SendOne(context, target, thunk, in args, in refs, priority, CallKind.Async, 0, tryForm, out Lane lane, out long position);
        return status == CallStatus.Accepted ? new Ticket(lane, position) : default;
    }

    /// <summary>
    /// Publishes one call into this thread's lane to <paramref name="target"/>. The common case — online, room in the
    /// lane, no references — is a few stores; everything else (full queues, references) takes the general path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private unsafe CallStatus SendOne<TArgs>(ProducerContext context, Core target, nint thunk, in TArgs args, in CallRefs refs,
        CallPriority priority, CallKind kind, int index, bool tryForm, out Lane lane, out long position)
        where TArgs : unmanaged
    {
        long sentAt = SentAt();
        if (refs.IsEmpty)
        {
            context.EnterSend();
            lane = context.LaneTo(target, priority);
            byte* body;
            // Checked inside the admission window, so TakeOffline (which waits for open windows) never misses this call.
            if (target.IsOnline && (body = lane.Ring.TryClaim(CallRecord.BodyBytes<TArgs>(sentAt), out position)) != null)
            {
                CallRecord.Write(body, thunk, in args, sentAt);
                lane.Ring.Publish(CallRecord.Tag(CallRecord.Timed(kind, sentAt), context.SelfId, index));
                context.ExitSend();
                context.Notify(lane);
                return CallStatus.Accepted;
            }
            context.ExitSend();
        }
        return SendOneSlow(context, target, thunk, in args, in refs, priority, CallRecord.Timed(kind, sentAt), index, sentAt, FullMode(tryForm), out lane, out position);
    }

    private unsafe CallStatus SendOneSlow<TArgs>(ProducerContext context, Core target, nint thunk, in TArgs args, in CallRefs refs,
        CallPriority priority, CallKind kind, int index, long sentAt, WhenFull whenFull, out Lane lane, out long position)
        where TArgs : unmanaged
    {
        int bodyBytes = CallRecord.BodyBytes<TArgs>(sentAt);
        if (!refs.IsEmpty) kind |= CallKind.HasRefs;
        lane = context.LaneTo(target, priority);
        bool counted = false;
        while (true)
        {
            byte* body;
            context.EnterSend();
            try
            {
                if (!target.IsOnline) throw new CoreOfflineException(target.Id);
                body = lane.Ring.TryClaim(bodyBytes, out position);
                if (body != null)
                {
                    CallRecord.Write(body, thunk, in args, sentAt);
                    lane.Publish(CallRecord.Tag(kind, context.SelfId, index), in refs);
                }
            }
            finally
            {
                context.ExitSend();
            }
            if (body != null)
            {
                context.Notify(lane);
                return CallStatus.Accepted;
            }
            if (lane.TryGrow()) continue; // full below the capacity: a larger ring takes the call
            if (!counted)
            {
                context.Counters.QueueFull++;
                counted = true;
            }
            if (whenFull == WhenFull.Busy) return CallStatus.Busy;
            if (whenFull == WhenFull.Throw) throw new QueueFullException(target.Id);
            WaitForRoom(lane, bodyBytes);
        }
    }

    /// <summary>
    /// A call to several cores. Its targets are fixed inside one admission window: online cores only, room in every
    /// lane (else nothing is sent: it reports busy, throws, or waits for room and starts over). Results go to the
    /// group's own memory and are copied into <paramref name="results"/> once every core finished.
    /// </summary>
    private unsafe CallStatus Multicast<TArgs, TResult>(in Target target, nint thunk, in TArgs args, in CallRefs refs, CallPriority priority,
        Finish finish, bool tryForm, Span<TResult> results, out Ticket ticket, out int count)
        where TArgs : unmanaged
        where TResult : unmanaged
        => Multicast(in target, thunk, in args, in refs, priority, finish, tryForm, results, wantsResults: !results.IsEmpty, out ticket, out count, out _, out _);

    /// <summary>How a multi-core send ends for its sender.</summary>
    private enum Finish : byte
    {
        /// <summary>Wait for every core, then copy the results out (a sync call).</summary>
        Wait,

        /// <summary>Return at once with the ticket (an async call).</summary>
        Ticket,

        /// <summary>Return at once with the ticket and the group, kept for the sender to collect the results later (an awaited call).</summary>
        Reserve,
    }

    private unsafe CallStatus Multicast<TArgs, TResult>(in Target target, nint thunk, in TArgs args, in CallRefs refs, CallPriority priority,
        Finish finish, bool tryForm, Span<TResult> results, bool wantsResults, out Ticket ticket, out int count, out Group? reserved, out CoreMask ran)
        where TArgs : unmanaged
        where TResult : unmanaged
    {
        CheckPayload<TArgs>();
        ticket = default;
        count = 0;
        reserved = null;
        ran = default;
        bool sync = finish == Finish.Wait;
        if (target.Kind is TargetKind.Core or TargetKind.Any)
        {
            Debug.Assert(finish != Finish.Reserve, "awaited calls to one core take their own path");
            Core one = SingleCore(target);
            CallStatus status;
            if (!sync)
            {
                ticket = PostOne(one, thunk, in args, in refs, priority, tryForm, out status);
            }
            else
            {
                TResult value = CallOne<TArgs, TResult>(one, thunk, in args, in refs, priority, wantsResults, tryForm, out status);
                if (status == CallStatus.Accepted && wantsResults) results[one.Id] = value;
            }
            count = status == CallStatus.Accepted ? 1 : 0;
            return status;
        }

        CoreMask mask = ResolveMany(target); // runs the caller's condition: outside the admission window
        if (sync) Core.Current?.EnsureRoomToWait();
        ProducerContext context = Context();
        Core? self = context.Self;
        long sentAt = SentAt();
        int bodyBytes = CallRecord.BodyBytes<TArgs>(sentAt);
        CallKind kind = CallRecord.Timed(refs.IsEmpty ? CallKind.Grouped : CallKind.Grouped | CallKind.HasRefs, sentAt);
        WhenFull whenFull = FullMode(tryForm);
        bool counted = false;
        Group? group = null;
        long generation = 0;
        CoreMask sent = default;
        bool includeSelf = false;
        while (group is null)
        {
            // Outside the admission window (it may wait): a group, unless too many multi-core calls of this thread still run.
            Group? free = context.RentGroup(out Group? running);
            if (free is null)
            {
                if (!counted)
                {
                    context.Counters.QueueFull++;
                    counted = true;
                }
                if (whenFull == WhenFull.Busy) return CallStatus.Busy;
                if (whenFull == WhenFull.Throw) throw new QueueFullException(mask.NextAtOrAfter(0));
                var oldest = new GroupCondition(running!, running!.Generation);
                Wait(ref oldest, Deadline.Never);
                continue;
            }
            Lane? full = null;
            context.EnterSend();
            try
            {
                ran = mask & OnlineCores; // again inside the window: a core may have gone offline meanwhile
                includeSelf = self is not null && ran.Contains(self.Id);
                sent = includeSelf ? ran.Without(self!.Id) : ran;
                // All or nothing: this thread is the only producer of its lanes, so room seen now stays free.
                foreach (int id in sent)
                {
                    Lane lane = context.LaneTo(_cores[id], priority);
                    if (lane.Ring.HasRoom(bodyBytes)) continue;
                    full = lane;
                    break;
                }
                if (full is null)
                {
                    count = ran.Count;
                    if (count == 0) return CallStatus.Accepted;
                    group = free; // still free: only this thread begins its groups
                    generation = group.Begin<TResult>(count, wantsResults);
                    if (finish == Finish.Reserve) group.Reserve();
                    ulong tag = CallRecord.Tag(kind, context.SelfId, group.Index);
                    foreach (int id in sent)
                    {
                        Lane lane = context.LaneTo(_cores[id], priority);
                        byte* body = lane.Ring.TryClaim(bodyBytes, out _);
                        Debug.Assert(body != null, "room was checked in this window");
                        CallRecord.Write(body, thunk, in args, sentAt);
                        lane.Publish(tag, in refs);
                    }
                }
            }
            finally
            {
                context.ExitSend();
            }
            if (full is null) break;
            if (full.TryGrow()) continue;
            if (!counted)
            {
                context.Counters.QueueFull++;
                counted = true;
            }
            if (whenFull == WhenFull.Busy) return CallStatus.Busy;
            if (whenFull == WhenFull.Throw) throw new QueueFullException(full.Target.Id);
            WaitForRoom(full, bodyBytes);
        }

        Group started = group!; // the loop ends with a group, or returns
        foreach (int id in sent) context.Notify(context.LaneTo(_cores[id], priority));
        context.Counters.Multicast++;
        context.Counters.MulticastSlots += sent.Count;
        // The local part runs after the remote ones were sent, so they run in parallel with it.
        if (includeSelf)
        {
            ref byte result = ref started.ResultSlot(self!.Id, out nint resultType);
            started.Complete(self.Id, RunInline(context, self, thunk, in args, in refs, ref result, resultType), cancelled: false);
        }
        ticket = new Ticket(started, generation);
        if (finish == Finish.Reserve) reserved = started;
        if (!sync) return CallStatus.Accepted;
        var finished = new GroupCondition(started, generation);
        Wait(ref finished, Deadline.Never); // if this throws, the group finishes on its own: results stay in its memory
        started.Collect(ran, results);
        return CallStatus.Accepted;
    }

    /// <summary>
    /// Opens a batch of async calls to <paramref name="core"/> on the calling thread: the calls posted into it (by the
    /// generated async senders that take a <see cref="CallBatch"/>, or <see cref="CallBatch.Post{THandler, TArgs}(in TArgs, CallRefs)"/>)
    /// are published together when it is disposed. See <see cref="CallBatch"/>.
    /// </summary>
    /// <param name="core">The core every call of the batch goes to.</param>
    /// <param name="priority">The queue to use on that core.</param>
    /// <exception cref="ArgumentOutOfRangeException">No such core.</exception>
    /// <exception cref="ObjectDisposedException">The runtime is shut down.</exception>
    /// <exception cref="InvalidOperationException">The thread already has an open batch.</exception>
    public CallBatch Batch(int core, CallPriority priority = CallPriority.Normal)
    {
        Core target = ValidCore(core);
        ThrowIfDisposed();
        CallBatch batch = Context().Batch;
        batch.Open(target, priority);
        return batch;
    }

    /// <summary>Appends one async call to an open batch; when the lane is full, publishes what the batch holds and waits for room (or throws, per policy).</summary>
    internal void PostIntoBatch<TArgs>(CallBatch batch, ProducerContext context, Lane lane, nint thunk, in TArgs args, in CallRefs refs)
        where TArgs : unmanaged
    {
        CheckPayload<TArgs>();
        long sentAt = SentAt();
        ulong tag = CallRecord.Tag(CallRecord.Timed(refs.IsEmpty ? CallKind.Async : CallKind.HasRefs, sentAt), context.SelfId, 0);
        bool counted = false;
        while (!batch.TryAppend(lane, thunk, in args, in refs, tag, sentAt))
        {
            batch.Publish(); // the core can free room only for calls it can see: a batch larger than the queue goes in parts
            if (lane.TryGrow()) continue;
            if (!counted)
            {
                context.Counters.QueueFull++;
                counted = true;
            }
            if (_whenFull == FullQueuePolicy.Throw) throw new QueueFullException(lane.Target.Id);
            WaitForRoom(lane, CallRecord.BodyBytes<TArgs>());
        }
    }

    /// <summary>An async call to the caller's own core, from a batch: it runs now.</summary>
    internal Ticket PostInline<THandler, TArgs>(ProducerContext context, Core core, in TArgs args, in CallRefs refs)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
    {
        CheckPayload<TArgs>();
        Exception? fault = RunInline(context, core, Thunks<THandler, TArgs>.Pointer, in args, in refs, ref Unsafe.NullRef<byte>(), 0);
        return fault is null ? default : new Ticket(fault, 0);
    }

    /// <summary>Waits, outside any admission window, until the lane has room or admission changed (the caller then re-checks all).</summary>
    private void WaitForRoom(Lane lane, int bodyBytes)
    {
        var room = new RoomCondition(lane, bodyBytes);
        Wait(ref room, Deadline.Never);
    }

    /// <summary>A sync call to the caller's own core: runs here and now, its result straight into a local.</summary>
    private TResult CallInline<TArgs, TResult>(ProducerContext context, Core core, nint thunk, in TArgs args, in CallRefs refs, bool wantsResult)
        where TArgs : unmanaged
    {
        TResult result = default!;
        Exception? fault = RunInline(context, core, thunk, in args, in refs,
            ref Unsafe.As<TResult, byte>(ref result), wantsResult ? typeof(TResult).TypeHandle.Value : 0);
        if (fault is not null) ExceptionDispatchInfo.Throw(fault);
        return result;
    }

    /// <summary>Runs a handler on the calling thread, which is <paramref name="core"/> (a call to the current core runs inline).</summary>
    private Exception? RunInline<TArgs>(ProducerContext context, Core core, nint thunk, in TArgs args, in CallRefs refs, ref byte result, nint resultType)
        where TArgs : unmanaged
    {
        ThrowIfDisposed();
        if (!core.IsOnline) throw new CoreOfflineException(core.Id);
        context.Counters.Inline++;
        SlotRefs slotRefs = default;
        slotRefs.Set(refs);
        var frame = new CallFrame(this, core.Id, core.Id, ref Unsafe.As<TArgs, byte>(ref Unsafe.AsRef(in args)), ref slotRefs, ref result, null, resultType);
        return core.Invoke(thunk, ref frame);
    }
}
