using System;
using System.Threading;

namespace XCall;

// The one way the runtime waits — for a sync call, a group, a ticket, queue room, a core going offline, an IPI
// handler to finish, a call into another runtime. On a core, every wait keeps serving that core's own queue, at any
// depth (so A → B → A chains never deadlock), and the waiting call stays on the core's running stack. A wait spins
// through the poll window, then blocks: a core parks through its chip (so calls to it still wake it), another
// thread on its own gate. Under the manual chip the waiting thread steps the cores instead of blocking.
public sealed partial class XCallRuntime
{
    /// <summary>Waits until <paramref name="condition"/> holds, the deadline passes or the token is cancelled.</summary>
    /// <exception cref="XCallDeadlockException">The wait can never end: what it waits for waits for this wait.</exception>
    /// <exception cref="InsufficientExecutionStackException">The waiting core's stack is too deep to serve its queue further.</exception>
    internal WaitOutcome Wait<TCondition>(ref TCondition condition, Deadline deadline, CancellationToken cancellationToken = default)
        where TCondition : struct, IWaitCondition
    {
        if (condition.IsSatisfied) return WaitOutcome.Satisfied;
        CallBatch.PublishOpen(); // nothing may wait on a call its core cannot see yet
        Core? self = Core.Current; // the thread's own core, in whichever runtime: it is the queue this wait serves
        if (self is null) return WaitLoop(ref condition, null, deadline, cancellationToken);
        self.EnterWait(condition.Awaited);
        try
        {
            // Waiting for a call further up this core's own stack can never end: it resumes only after this wait.
            if (!condition.Awaited.IsNone && condition.Awaited.Runner == self && self.Stack.Contains(condition.Awaited))
                throw WaitCycles.Deadlock(self, condition.Awaited);
            return WaitLoop(ref condition, self, deadline, cancellationToken);
        }
        finally
        {
            self.ExitWait();
        }
    }

    private WaitOutcome WaitLoop<TCondition>(ref TCondition condition, Core? self, Deadline deadline, CancellationToken cancellationToken)
        where TCondition : struct, IWaitCondition
    {
        var spinner = new Spinner(PollWindowTicks, Oversubscribed);
        var cycles = new CycleWatch();
        // A core blocks by parking through its own chip (its queue's senders wake it); a thread, or a core without a
        // thread of its own, on its gate. Either way it is the waiter its sources signal (ProducerContext.Waiter).
        bool parkAsCore = self is not null && self.Runtime.Driver.CoresHaveThreads;
        while (true)
        {
            if (condition.IsSatisfied) return WaitOutcome.Satisfied;
            if (Driver.Progress(self)) continue;
            if (deadline.HasPassed) return WaitOutcome.TimedOut;
            if (cancellationToken.IsCancellationRequested) return WaitOutcome.Canceled;
            if (spinner.Pause()) continue; // short pauses: answers usually come within a microsecond
            if (!Driver.CanBlock)
            {
                Driver.NothingToRun("the call");
                continue;
            }
            if (self is not null) cycles.Check(self, condition.Awaited);
            if (parkAsCore && !self!.Runtime.Chip.CoresPark)
            {
                Thread.Yield(); // a polling core never blocks: it keeps serving its queue between checks
                continue;
            }
            IWaiter waiter = parkAsCore ? self! : ThreadWaiter.Current;
            if (!condition.Register(waiter)) return WaitOutcome.Satisfied;
            int milliseconds = deadline.MillisecondsLeft();
            if (!condition.IsSignalled || cycles.IsSuspecting) milliseconds = ShortWait(milliseconds, cycles.IsSuspecting);
            CancellationTokenRegistration cancelled = cancellationToken.CanBeCanceled
                ? cancellationToken.UnsafeRegister(static state => ((IWaiter)state!).Signal(), waiter)
                : default;
            try
            {
                if (parkAsCore) self!.Park(ref condition, milliseconds);
                else if (!condition.IsSatisfied) ThreadWaiter.Current.Block(milliseconds);
            }
            finally
            {
                cancelled.Dispose();
                condition.Unregister(waiter);
            }
        }
    }

    private static int ShortWait(int milliseconds, bool confirmingCycle)
    {
        int cap = confirmingCycle ? WaitTiming.CycleConfirmMilliseconds : WaitTiming.PollMilliseconds;
        return milliseconds == Timeout.Infinite ? cap : Math.Min(milliseconds, cap);
    }

    /// <summary>Waits for a ticket (any thread, any number of waiters).</summary>
    internal WaitOutcome WaitForTicket(in Ticket ticket, Deadline deadline, CancellationToken cancellationToken)
    {
        var finished = new TicketCondition(this, ticket);
        return Wait(ref finished, deadline, cancellationToken);
    }

    internal void ContinueWhenDone(in Ticket ticket, Action continuation) => Waiters.AddContinuation(ticket, continuation);

    /// <summary>Waits until every call issued to <paramref name="core"/> before this point finished.</summary>
    private bool WaitForIssued(Core core, Deadline deadline)
    {
        foreach (Lane[] lanes in (ReadOnlySpan<Lane[]>)[core.HighLanes, core.Lanes])
        {
            foreach (Lane lane in lanes)
            {
                var finished = new PolledCondition<(Lane Lane, long End)>((lane, lane.Ring.ProducerPosition), static s => s.Lane.FinishedBelow(s.End));
                if (Wait(ref finished, deadline) != WaitOutcome.Satisfied) return false;
            }
        }
        // Requests finish out of order only while one waits on the core's stack; then wait for that one too.
        var requests = new PolledCondition<(Core Core, long Issued)>((core, core.Inbox.Issued),
            static s => s.Core.Inbox.Finished >= s.Issued && !s.Core.Stack.HasRequest());
        return Wait(ref requests, deadline) == WaitOutcome.Satisfied;
    }
}
