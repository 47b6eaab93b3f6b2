using System;
using System.Threading;

namespace XCall;

// How every wait works: spin for the poll window (a core keeps running its own queue), then register a wake-up
// and block (a core parks through its chip, so calls to it still wake it). The manual chip steps cores instead.
public sealed partial class XCallRuntime
{
    internal bool Wait<TCondition>(ref TCondition condition, Deadline deadline) where TCondition : struct, IWaitCondition =>
        Wait(ref condition, deadline, CurrentCoreHere);

    /// <summary>Waits as <paramref name="core"/> (the calling thread's core in this runtime, or null) for the condition.</summary>
    internal bool Wait<TCondition>(ref TCondition condition, Deadline deadline, Core? core) where TCondition : struct, IWaitCondition
    {
        if (condition.IsSatisfied) return true;
        if (_manual is not null) return _manual.DriveUntil(ref condition, deadline);
        var spinner = new Spinner(PollWindowTicks, Oversubscribed);
        while (true)
        {
            if (condition.IsSatisfied) return true;
            if (core is not null && core.PollNested() != 0) continue;
            if (deadline.HasPassed) return false;
            if (spinner.Pause()) continue; // short pauses, not SpinWait's back-off: answers usually come within a microsecond
            if (core is not null && !Chip.CoresPark)
            {
                Thread.Yield(); // a polling core never blocks: it keeps serving its queue between checks
                continue;
            }
            IWaiter waiter = core is not null ? core : ThreadWaiter.Current;
            if (!condition.Register(waiter)) return true;
            if (core is not null) core.Park(ref condition, deadline.MillisecondsLeft());
            else if (!condition.IsSatisfied) ThreadWaiter.Current.Block(deadline.MillisecondsLeft());
            condition.Unregister(waiter);
        }
    }

    internal bool WaitForTicket(in Ticket ticket, Deadline deadline)
    {
        var finished = new TicketCondition(this, ticket);
        return Wait(ref finished, deadline);
    }

    internal void ContinueWhenDone(in Ticket ticket, Action continuation) => Waiters.AddContinuation(ticket, continuation);

    /// <summary>Waits until every call issued to <paramref name="core"/> before this point finished.</summary>
    private bool WaitForIssued(Core core, Deadline deadline)
    {
        foreach (Lane[] lanes in (ReadOnlySpan<Lane[]>)[core.HighLanes, core.Lanes])
        {
            foreach (Lane lane in lanes)
            {
                // A lane ticket completes when the release index passes it, and the index passes positions in order.
                long end = lane.ProducerPosition;
                if (end > 0 && !WaitForTicket(new Ticket(lane, end - 1), deadline)) return false;
            }
        }
        long issued = core.RequestsIssued;
        var backoff = new Backoff(PollWindowTicks, Oversubscribed);
        while (core.RequestsFinished < issued)
        {
            if (deadline.HasPassed) return false;
            if (_manual is not null) _manual.DriveOnceOrThrow("the private requests issued so far");
            else backoff.Pause();
        }
        return true;
    }
}

/// <summary>
/// Waiting for something nobody signals (a free slot, a request count): spin through the poll window, since a core
/// frees slots within microseconds; then yield; sleep 1 ms at a time only after a millisecond of that.
/// </summary>
internal struct Backoff(long spinTicks, bool oversubscribed)
{
    private Spinner _spinner = new(spinTicks, oversubscribed);
    private int _yields;

    public void Pause()
    {
        if (_spinner.Pause()) return;
        if (++_yields < 1000) Thread.Yield(); // about a millisecond of yielding
        else Thread.Sleep(1);
    }
}
