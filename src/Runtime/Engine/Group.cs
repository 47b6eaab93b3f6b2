using System;
using System.Threading;

namespace XCall;

/// <summary>
/// The completion record of one multi-core call: a countdown of targets plus each target's fault.
/// Owned by one sender thread and reused from its pool once every target finished; the generation tells a
/// reused group's old tickets apart (their faults go to the archive first).
/// </summary>
internal sealed class Group : ITicketSource
{
    private readonly ProducerContext _owner;
    private readonly Exception?[] _faults; // indexed by core: each target writes only its own entry
    private int _remaining;
    private long _generation;
    private int _faultCount;
    private int _cancelledCount;
    private int _ownerWaiting;
    private Exception? _aggregate;

    public Group(ProducerContext owner, int coreCount)
    {
        _owner = owner;
        _faults = new Exception?[coreCount];
    }

    public XCallRuntime Runtime => _owner.Runtime;

    /// <summary>Owner: whether every target of the last use finished.</summary>
    public bool IsFree => Volatile.Read(ref _remaining) == 0;

    /// <summary>Owner: starts a new use with <paramref name="targets"/> targets; returns its generation.</summary>
    public long Begin(int targets)
    {
        if (_faultCount != 0)
        {
            if (BuildFault() is { } fault) Runtime.Faults.Add(this, _generation, fault); // before the clear: see GetStatus
            Array.Clear(_faults);
            _faultCount = 0;
            _aggregate = null;
        }
        _cancelledCount = 0;
        Volatile.Write(ref _remaining, targets);
        // Release: a reader that sees the new generation also sees the reset counters.
        Volatile.Write(ref _generation, _generation + 1);
        return _generation;
    }

    /// <summary>A target core (or the owner, for its inline part) reports its outcome.</summary>
    public void Complete(int core, Exception? fault, bool cancelled)
    {
        if (fault is not null)
        {
            _faults[core] = fault;
            Interlocked.Increment(ref _faultCount);
        }
        if (cancelled) Interlocked.Increment(ref _cancelledCount);
        // The decrement is a full fence: it orders the outcome above before the waiting check below, and pairs with
        // the owner's exchange in RegisterOwner (Dekker): either we see the owner waiting, or it sees zero.
        if (Interlocked.Decrement(ref _remaining) == 0 && Volatile.Read(ref _ownerWaiting) != 0) _owner.Waiter.Signal();
    }

    /// <summary>Owner: asks to be signalled when the count reaches zero; false if it already did.</summary>
    public bool RegisterOwner()
    {
        Interlocked.Exchange(ref _ownerWaiting, 1);
        return Volatile.Read(ref _remaining) != 0;
    }

    public void UnregisterOwner() => Volatile.Write(ref _ownerWaiting, 0);

    public TicketStatus GetStatus(long generation, out Exception? fault)
    {
        fault = null;
        if (Volatile.Read(ref _generation) != generation) return Runtime.Faults.Lookup(this, generation, out fault);
        if (Volatile.Read(ref _remaining) != 0) return TicketStatus.Pending;
        TicketStatus status = TicketStatus.Completed;
        if (Volatile.Read(ref _faultCount) != 0)
        {
            fault = BuildFault();
            status = TicketStatus.Faulted;
        }
        else if (Volatile.Read(ref _cancelledCount) != 0)
        {
            status = TicketStatus.Cancelled;
        }
        // Seqlock-style check: if the owner reused the group meanwhile, it archived the outcome first.
        return Volatile.Read(ref _generation) == generation ? status : Runtime.Faults.Lookup(this, generation, out fault);
    }

    /// <summary>The faults of the finished use, in core order, as one exception (built once, then shared).</summary>
    private Exception? BuildFault()
    {
        if (Volatile.Read(ref _aggregate) is { } built) return built;
        int count = 0;
        foreach (Exception? fault in _faults) if (fault is not null) count++;
        if (count == 0) return null;
        var inner = new Exception[count];
        int next = 0;
        foreach (Exception? fault in _faults) if (fault is not null) inner[next++] = fault;
        var aggregate = new AggregateException("A cross call threw on one or more cores.", inner);
        return Interlocked.CompareExchange(ref _aggregate, aggregate, null) ?? aggregate;
    }

    /// <summary>Owner: the finished use's faults as one exception, or null, for a sync caller to throw.</summary>
    public Exception? TakeFault()
    {
        Exception? fault = _faultCount != 0 ? BuildFault() : null;
        if (fault is not null)
        {
            Array.Clear(_faults);
            _faultCount = 0;
            _aggregate = null;
        }
        return fault;
    }

    public bool WasCancelled => Volatile.Read(ref _cancelledCount) != 0;
}
