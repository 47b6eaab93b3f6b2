using System;
using System.Diagnostics;
using System.Threading;

namespace XCall;

// How every wait works: spin for the poll window (a core keeps running its own queue), then register a wake-up
// and block (a core parks through its chip, so calls to it still wake it). The manual chip steps cores instead.
public sealed partial class XCallRuntime
{
    internal bool Wait<TCondition>(ref TCondition condition, Deadline deadline) where TCondition : struct, IWaitCondition
    {
        if (condition.IsSatisfied) return true;
        if (_manual is not null) return _manual.DriveUntil(ref condition, deadline);
        Core? core = CurrentCoreHere;
        long spinUntil = Stopwatch.GetTimestamp() + PollWindowTicks;
        var spinner = new Spinner(Oversubscribed);
        while (true)
        {
            if (condition.IsSatisfied) return true;
            if (core is not null && core.PollNested() != 0) continue;
            if (deadline.HasPassed) return false;
            if (Stopwatch.GetTimestamp() < spinUntil)
            {
                // Short pauses, not SpinWait's exponential back-off: the answer usually comes within a microsecond.
                spinner.Pause();
                continue;
            }
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
    private readonly long _start = Stopwatch.GetTimestamp();
    private Spinner _spinner = new(oversubscribed);

    public void Pause()
    {
        long waited = Stopwatch.GetTimestamp() - _start;
        if (waited < spinTicks) _spinner.Pause();
        else if (waited < Stopwatch.Frequency / 1000) Thread.Yield();
        else Thread.Sleep(1);
    }
}
