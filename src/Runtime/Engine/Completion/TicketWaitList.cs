using System;
using System.Collections.Generic;
using System.Threading;

namespace XCall;

/// <summary>
/// Threads blocked on tickets and continuations of awaited tickets. Cores look at <see cref="HasWaiters"/>
/// after each poll that ran something (one read) and only then take the lock, so an empty list costs the
/// call path nothing.
/// </summary>
internal sealed class TicketWaitList
{
    private readonly List<Entry> _entries = new(capacity: 16); // sized up front: a first blocking wait must not allocate
    private readonly object _lock = new();
    private int _count;

    public bool HasWaiters => Volatile.Read(ref _count) != 0;

    /// <summary>Registers a blocked thread; false if the ticket finished meanwhile (then nothing stays registered).</summary>
    public bool Add(in Ticket ticket, IWaiter waiter)
    {
        Insert(new Entry(ticket, waiter, null));
        if (!ticket.IsCompleted) return true;
        Remove(waiter);
        return false;
    }

    public void Remove(IWaiter waiter)
    {
        lock (_lock) RemoveWhere(waiter);
    }

    /// <summary>Runs <paramref name="continuation"/> on the thread pool once the ticket finished, exactly once.</summary>
    public void AddContinuation(in Ticket ticket, Action continuation)
    {
        Insert(new Entry(ticket, null, continuation));
        if (!ticket.IsCompleted) return;
        bool mine;
        // Whoever removes the entry runs it: this thread or a core's Poke, never both.
        lock (_lock) mine = RemoveWhere(continuation);
        if (mine) Schedule(continuation);
    }

    /// <summary>Removes a continuation that has not run; false if it was already handed to the thread pool (or never added).</summary>
    public bool RemoveContinuation(Action continuation)
    {
        lock (_lock) return RemoveWhere(continuation);
    }

    /// <summary>Wakes every waiter whose ticket finished. Called by cores after a poll that ran calls.</summary>
    public void Poke()
    {
        lock (_lock)
        {
            for (int i = _entries.Count - 1; i >= 0; i--)
            {
                Entry entry = _entries[i];
                if (!entry.Ticket.IsCompleted) continue;
                _entries.RemoveAt(i);
                if (entry.Waiter is not null) entry.Waiter.Signal();
                else Schedule(entry.Continuation!);
            }
            Volatile.Write(ref _count, _entries.Count);
        }
    }

    private void Insert(Entry entry)
    {
        lock (_lock)
        {
            _entries.Add(entry);
            Volatile.Write(ref _count, _entries.Count);
        }
        // The heavy half of an asymmetric Dekker with the cores: a core stores a finished stamp, then reads
        // HasWaiters with no fence. After this barrier either the caller's re-check of the ticket sees the
        // finish, or the core sees the waiter and pokes.
        Interlocked.MemoryBarrierProcessWide();
    }

    /// <summary>Removes the entries of <paramref name="owner"/> (a waiter or a continuation); under the lock. No delegate: blocking waits stay allocation-free.</summary>
    private bool RemoveWhere(object owner)
    {
        bool removed = false;
        for (int i = _entries.Count - 1; i >= 0; i--)
        {
            Entry entry = _entries[i];
            if (!ReferenceEquals(entry.Waiter, owner) && !ReferenceEquals(entry.Continuation, owner)) continue;
            _entries.RemoveAt(i);
            removed = true;
        }
        Volatile.Write(ref _count, _entries.Count);
        return removed;
    }

    private static void Schedule(Action continuation) =>
        ThreadPool.UnsafeQueueUserWorkItem(static run => run(), continuation, preferLocal: false);

    private readonly record struct Entry(Ticket Ticket, IWaiter? Waiter, Action? Continuation);
}
