using System.Threading;

namespace XCall;

/// <summary>Something a thread can wait for: checked while spinning and serving, able to arrange a wake-up before blocking.</summary>
internal interface IWaitCondition
{
    bool IsSatisfied { get; }

    /// <summary>The one call this wait is for, if it is one (the running stack records it; cycles are traced through it).</summary>
    CallId Awaited { get; }

    /// <summary>
    /// Arranges for <paramref name="waiter"/> to be signalled once satisfied; false if it already is. A condition that
    /// nothing signals (a rare administrative wait) returns true and is re-checked every <see cref="WaitTiming.PollMilliseconds"/>.
    /// </summary>
    bool Register(IWaiter waiter);

    void Unregister(IWaiter waiter);

    /// <summary>Whether something signals the waiter (else blocking re-checks on a short timer).</summary>
    bool IsSignalled { get; }
}

/// <summary>A sync call to one core: its reply cell reaching a final state.</summary>
internal readonly unsafe struct ReplyCondition(ReplyCells cells, int index, CallId call) : IWaitCondition
{
    public bool IsSignalled => true;

    public bool IsSatisfied => cells.IsFinished(index);

    public CallId Awaited => call;

    public bool Register(IWaiter waiter) => cells.RegisterWaiter(index); // the core signals the lane owner's waiter: ours

    public void Unregister(IWaiter waiter)
    {
    }
}

/// <summary>A multi-core call: the group's countdown reaching zero.</summary>
internal readonly struct GroupCondition(Group group, long generation) : IWaitCondition
{
    public bool IsSignalled => true;

    public bool IsSatisfied => group.IsFinished;

    public CallId Awaited => new(group, generation);

    public bool Register(IWaiter waiter) => group.RegisterOwner();

    public void Unregister(IWaiter waiter) => group.UnregisterOwner();
}

/// <summary>A private request's flight.</summary>
internal readonly struct RequestCondition(XCallRequest request, long generation) : IWaitCondition
{
    public bool IsSignalled => true;

    public bool IsSatisfied => request.IsFinished(generation);

    public CallId Awaited => new(request, generation);

    public bool Register(IWaiter waiter) => request.RegisterWaiter(generation, waiter);

    public void Unregister(IWaiter waiter)
    {
    }
}

/// <summary>Any ticket, through the runtime's wait list (any number of threads may wait on one ticket).</summary>
internal readonly struct TicketCondition(XCallRuntime runtime, Ticket ticket) : IWaitCondition
{
    public bool IsSignalled => true;

    public bool IsSatisfied => ticket.IsCompleted;

    public CallId Awaited => new(ticket.Source, ticket.Token);

    public bool Register(IWaiter waiter) => runtime.Waiters.Add(ticket, waiter);

    public void Unregister(IWaiter waiter) => runtime.Waiters.Remove(waiter);
}

/// <summary>
/// Room for a record in a lane, or a reason to look again: the runtime closing or the target going offline
/// (both signal every waiting sender), so a sender re-checks admission after every wait.
/// </summary>
internal readonly struct RoomCondition(Lane lane, int bodyBytes) : IWaitCondition
{
    public bool IsSignalled => true;

    public bool IsSatisfied => lane.Ring.HasRoom(bodyBytes) || lane.Target.Runtime.IsClosed || !lane.Target.IsOnline;

    public CallId Awaited => default; // a core frees room as soon as it takes a call, and every waiting core takes calls

    public bool Register(IWaiter waiter)
    {
        Volatile.Write(ref lane.Owner.WaitingForRoom, 1); // read after the barrier in RegisterSpaceWaiter by disposal and TakeOffline
        return lane.RegisterSpaceWaiter(bodyBytes) && !IsSatisfied;
    }

    public void Unregister(IWaiter waiter)
    {
        lane.UnregisterSpaceWaiter();
        Volatile.Write(ref lane.Owner.WaitingForRoom, 0);
    }
}

/// <summary>A condition nobody signals, re-checked on a short timer (administrative waits: offline, unregistration).</summary>
internal readonly struct PolledCondition<TState>(TState state, System.Func<TState, bool> isSatisfied) : IWaitCondition
{
    public bool IsSatisfied => isSatisfied(state);

    public CallId Awaited => default;

    public bool Register(IWaiter waiter) => !IsSatisfied;

    public void Unregister(IWaiter waiter)
    {
    }

    public bool IsSignalled => false;
}

/// <summary>What a wait ended with.</summary>
internal enum WaitOutcome : byte
{
    Satisfied,
    TimedOut,
    Canceled,
}

/// <summary>Constants of the waiting loop.</summary>
internal static class WaitTiming
{
    /// <summary>How often a blocked wait re-checks a condition nobody signals.</summary>
    public const int PollMilliseconds = 1;

    /// <summary>How long a suspected wait cycle must stay unchanged before it is reported.</summary>
    public const int CycleConfirmMilliseconds = 20;

    /// <summary>
    /// How long an awaited call's sender spins for the answer before it lets its thread go: a call that an active
    /// core answers within this is awaited without a trip through the thread pool; longer ones cost this much CPU once.
    /// </summary>
    public static readonly long AwaitedSpinTicks = System.Diagnostics.Stopwatch.Frequency * 5 / 1_000_000;
}
