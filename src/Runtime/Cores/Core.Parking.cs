using System.Runtime.CompilerServices;
using System.Threading;

namespace XCall;

// How a core idles and is woken. An idle core spins for the poll window, announces it is parked, issues a
// process-wide barrier, looks at its queues once more, then blocks in its chip. A sender publishes, then reads the
// parked flag with no fence of its own: the barrier makes the two sides an asymmetric Dekker, so the sender either
// sees the flag (and notifies) or the core's last look sees the call — the call path pays no fence.
internal sealed partial class Core : IWaiter
{
    private PaddedInt _parked; // 1 while the core announced it is parked; senders read it after every publish
    private readonly ManualResetEventSlim _exited = new(false);

    public bool IsParked => Volatile.Read(ref _parked.Value) != 0;

    /// <summary>Nothing to run: a polling chip keeps polling; otherwise spin for the poll window, then park.</summary>
    public void Idle()
    {
        IpiChip chip = Runtime.Chip;
        if (!chip.CoresPark)
        {
            chip.Wait(Id, 0);
            if ((++_hot.IdlePolls & 4095) == 0) Thread.Yield(); // every ~150 µs: let other threads run when cores outnumber CPUs
            return;
        }
        var spinner = new Spinner(Runtime.PollWindowTicks, Runtime.Oversubscribed);
        do
        {
            if (HasWork || _stopRequested) return;
        }
        while (spinner.Pause());
        var stop = new StopCondition(this);
        Park(ref stop, Timeout.Infinite);
    }

    /// <summary>
    /// Announces the core parked, looks once more, and blocks in the chip until woken, the condition holds or the
    /// timeout passes. Parking from the top of the loop (not inside a waiting call) also lets idle lanes go dormant:
    /// the barrier that guards the parked flag guards their dormant marks too (see <see cref="LaneSet"/>).
    /// </summary>
    public void Park<TCondition>(ref TCondition condition, int millisecondsTimeout) where TCondition : struct, IWaitCondition
    {
        Volatile.Write(ref _parked.Value, 1);
        bool swept = Stack.Depth == 0 && _lanes.MarkIdleDormant(all: true);
        Interlocked.MemoryBarrierProcessWide();
        if (swept) _lanes.SettleDormant();
        if (!HasWork && !condition.IsSatisfied) Runtime.Chip.Wait(Id, millisecondsTimeout);
        Volatile.Write(ref _parked.Value, 0);
    }

    /// <summary>A core that never parks still lets long-idle lanes go dormant now and then, paying the barrier itself.</summary>
    private void SweepIdleLanes(bool all)
    {
        if (Stack.Depth != 0 || !_lanes.MarkIdleDormant(all)) return; // a poll further down may be walking the lanes
        Interlocked.MemoryBarrierProcessWide();
        _lanes.SettleDormant();
    }

    /// <summary>Sender side: wakes the core if it announced it is parked (once per park: the exchange coalesces wake-ups).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Wake(ref ProducerContext.Hot counters)
    {
        if (Volatile.Read(ref _parked.Value) != 0 && Interlocked.Exchange(ref _parked.Value, 0) != 0)
        {
            Runtime.Chip.Notify(Id);
            counters.WakeupsSent++;
        }
    }

    /// <summary>A wake-up with no call: true if the core was parked and got a signal.</summary>
    public bool WakeUp()
    {
        if (Interlocked.Exchange(ref _parked.Value, 0) == 0) return false;
        Runtime.Chip.Notify(Id);
        return true;
    }

    /// <summary>Wakes this core when something it waits for finished (it may be parked in <see cref="Park"/>).</summary>
    public void Signal() => Runtime.Chip.Notify(Id);

    /// <summary>Marks the core parked without a thread (the manual chip: a publish counts as a wake-up).</summary>
    public void MarkParked() => Volatile.Write(ref _parked.Value, 1);

    public void MarkExited() => _exited.Set();

    public bool WaitForExit(int millisecondsTimeout) => _exited.Wait(millisecondsTimeout);

    private readonly struct StopCondition(Core core) : IWaitCondition
    {
        public bool IsSatisfied => core._stopRequested || core._cancelling;

        public CallId Awaited => default;

        public bool IsSignalled => true;

        public bool Register(IWaiter waiter) => !IsSatisfied;

        public void Unregister(IWaiter waiter)
        {
        }
    }
}
