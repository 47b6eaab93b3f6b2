using System;
using System.Collections.Generic;
using System.Threading;

namespace XCall;

/// <summary>
/// Faults of async calls whose slot (or group, or request) was reused before anyone looked at their ticket.
/// Bounded: the oldest entries go first. Touched only when a faulted slot is reused or a ticket of a reused
/// slot is asked, never on the call path.
/// </summary>
internal sealed class FaultArchive
{
    public const int Capacity = 1024;

    private readonly Dictionary<(object Source, long Token), Exception> _faults = new();
    private readonly Queue<(object Source, long Token)> _order = new();
    private readonly object _lock = new();
    private int _count;

    public void Add(object source, long token, Exception fault)
    {
        lock (_lock)
        {
            if (!_faults.TryAdd((source, token), fault)) return;
            _order.Enqueue((source, token));
            if (_order.Count > Capacity) _faults.Remove(_order.Dequeue());
            Volatile.Write(ref _count, _faults.Count);
        }
    }

    /// <summary>The outcome of a finished call whose storage was reused: faulted if archived, else completed.</summary>
    public TicketStatus Lookup(object source, long token, out Exception? fault)
    {
        fault = null;
        if (Volatile.Read(ref _count) == 0) return TicketStatus.Completed;
        lock (_lock)
        {
            return _faults.TryGetValue((source, token), out fault) ? TicketStatus.Faulted : TicketStatus.Completed;
        }
    }
}
