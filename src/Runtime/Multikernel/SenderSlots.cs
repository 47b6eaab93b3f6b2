using System;
using System.Threading;

namespace XCall;

/// <summary>
/// Which thread sends on which lanes: a thread that sends to another instance holds one of the instance's sender
/// slots (each slot has its own ring to every core of every peer, so a ring always has one producer) from its first
/// such send until it ends; the next thread that needs a slot takes over the slot of a thread that ended, rings and all.
/// </summary>
internal sealed class SenderSlots(int count)
{
    [ThreadStatic] private static SenderSlots? t_slots; // the slots this thread used last, and its slot there
    [ThreadStatic] private static int t_slot;

    private readonly Thread?[] _holders = new Thread?[count];

    /// <summary>The calling thread's slot, taken on its first send.</summary>
    /// <exception cref="InvalidOperationException">Every slot is held by a live thread.</exception>
    public int Current() => t_slots == this ? t_slot : Take();

    private int Take()
    {
        Thread thread = Thread.CurrentThread;
        lock (_holders)
        {
            int free = -1;
            for (int slot = 0; slot < _holders.Length; slot++)
            {
                Thread? holder = _holders[slot];
                if (holder == thread) return Remember(slot);
                if (free < 0 && (holder is null || !holder.IsAlive)) free = slot;
            }
            if (free < 0)
                throw new InvalidOperationException($"All {_holders.Length} sender slots are held by live threads: at most that many threads of an instance send to other instances. Send from fewer threads (from cores, for example), or raise MultikernelOptions.SenderSlots on every instance.");
            _holders[free] = thread; // the slot's rings are this thread's now: the thread that held them has ended
            return Remember(free);
        }
    }

    private int Remember(int slot)
    {
        t_slots = this;
        t_slot = slot;
        return slot;
    }
}
