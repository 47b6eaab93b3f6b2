using System.Threading;

namespace XCall;

/// <summary>Something a thread can wait for: checked while spinning, and able to arrange a wake-up before blocking.</summary>
internal interface IWaitCondition
{
    bool IsSatisfied { get; }

    /// <summary>Arranges for <paramref name="waiter"/> to be signalled once satisfied; false if it already is.</summary>
    bool Register(IWaiter waiter);

    void Unregister(IWaiter waiter);
}

/// <summary>A sync unicast: the caller owns the slot, and the core wakes the lane's owner if the waiter bit is set.</summary>
internal readonly unsafe struct SlotCondition(byte* slot, long position) : IWaitCondition
{
    public bool IsSatisfied => SlotStatus.IsTerminal(Volatile.Read(ref Slot.Stamp(slot)));

    public bool Register(IWaiter waiter)
    {
        // The core signals the lane owner's waiter, which is this thread's: nothing to store but the bit.
        long pending = SlotStatus.Make(position, SlotStatus.Pending);
        long seen = Interlocked.CompareExchange(ref Slot.Stamp(slot), pending | SlotStatus.PendingWaiter, pending);
        return seen == pending || seen == (pending | SlotStatus.PendingWaiter);
    }

    public void Unregister(IWaiter waiter)
    {
    }
}

/// <summary>A sync multi-core call: the group's countdown reaching zero.</summary>
internal readonly struct GroupCondition(Group group) : IWaitCondition
{
    public bool IsSatisfied => group.IsFree;

    public bool Register(IWaiter waiter) => group.RegisterOwner();

    public void Unregister(IWaiter waiter) => group.UnregisterOwner();
}

/// <summary>A sync private request.</summary>
internal readonly struct RequestCondition(XCallRequest request, long generation) : IWaitCondition
{
    public bool IsSatisfied => request.IsFinished(generation);

    public bool Register(IWaiter waiter) => request.RegisterWaiter(generation, waiter);

    public void Unregister(IWaiter waiter)
    {
    }
}

/// <summary>Any ticket, through the runtime's wait list (any number of threads may wait on one ticket).</summary>
internal readonly struct TicketCondition(XCallRuntime runtime, Ticket ticket) : IWaitCondition
{
    public bool IsSatisfied => ticket.IsCompleted;

    public bool Register(IWaiter waiter) => runtime.Waiters.Add(ticket, waiter);

    public void Unregister(IWaiter waiter) => runtime.Waiters.Remove(waiter);
}
