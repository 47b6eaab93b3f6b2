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

/// <summary>A sync unicast: the caller owns the slot, and the core wakes the lane's owner if the waiter flag is set.</summary>
internal readonly unsafe struct SlotCondition(byte* slot, long position) : IWaitCondition
{
    /// <summary>Finished, or the slot already carries a later call of this thread (it finished long before: see Lane.HandOver).</summary>
    public bool IsSatisfied
    {
        get
        {
            long stamp = Volatile.Read(ref Slot.Stamp(slot));
            return SlotStatus.IsTerminal(stamp) || (stamp >> SlotStatus.Shift) != position;
        }
    }

    public bool Register(IWaiter waiter)
    {
        // The core signals the lane owner's waiter, which is this thread's: nothing to store but the flag. Only this
        // thread writes the flags after publishing; the core reads them after its terminal stamp with no fence of its
        // own, so this barrier is the heavy half of an asymmetric Dekker: either the re-check below sees the stamp, or
        // the core sees the flag and wakes us. (The call path itself pays no locked instruction for it.)
        Slot.MarkWaiter(slot);
        Interlocked.MemoryBarrierProcessWide();
        return !IsSatisfied;
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
