using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace XCall;

/// <summary>
/// The completion record of one multi-core call: a countdown of targets, each target's fault, and each target's
/// result in runtime-owned memory (a sync sender copies them out once all finished, so no core ever writes into the
/// sender's span). Owned by one sender, reused once every target finished; its generation tells a reused group's
/// old tickets apart, and the outcome log keeps what failed.
/// </summary>
internal sealed class Group : ITicketSource
{
    private readonly ProducerContext _owner;
    private readonly Exception?[] _faults; // by core: each target writes only its own entry
    private byte[] _results = [];          // by core, _resultSize bytes each
    private int _resultSize;
    private nint _resultType;
    private int _remaining;
    private long _generation;
    private int _faultCount;
    private int _cancelledCount;
    private int _ownerWaiting;
    private bool _observed;         // a sync sender took the outcome: nobody else can ask for it
    private int _reserved;          // an awaiting sender has yet to collect the results
    private IGroupAwaiter? _awaiter; // told when the last target finished (an awaited multi-core call)
    private Exception? _aggregate;
    private OutcomeLog? _outcomes;  // failures of earlier uses, made at the first one

    public Group(ProducerContext owner, int index)
    {
        _owner = owner;
        Index = index;
        _faults = new Exception?[owner.Runtime.CoreCount];
    }

    /// <summary>The group's number among its owner's groups (records carry it).</summary>
    public int Index { get; }

    public XCallRuntime Runtime => _owner.Runtime;

    /// <summary>Owner: whether every target of the last use finished and nobody still has to collect its results.</summary>
    public bool IsFree => Volatile.Read(ref _remaining) == 0 && Volatile.Read(ref _reserved) == 0;

    /// <summary>Owner: keeps the group out of reuse until <see cref="Unreserve"/> (an awaiting sender collects its results later, on any thread).</summary>
    public void Reserve() => Volatile.Write(ref _reserved, 1);

    /// <summary>The awaiting sender collected the results: the owner may reuse the group.</summary>
    public void Unreserve() => Volatile.Write(ref _reserved, 0);

    /// <summary>The number of the group's current (or last) use.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Whether every target finished (the results and faults are final).</summary>
    public bool IsFinished => Volatile.Read(ref _remaining) == 0;

    /// <summary>Owner: starts a use with <paramref name="targets"/> targets, each writing a <typeparamref name="TResult"/> result when <paramref name="wantsResults"/>.</summary>
    public long Begin<TResult>(int targets, bool wantsResults) where TResult : unmanaged
    {
        Debug.Assert(IsFree, "a group is reused only once every target finished");
        if (_faultCount != 0 || _cancelledCount != 0)
        {
            if (!_observed) (_outcomes ??= new OutcomeLog()).Record(_generation, BuildFault()); // null: cancelled
            Array.Clear(_faults);
            _faultCount = 0;
            _cancelledCount = 0;
            _aggregate = null;
        }
        _observed = false;
        _awaiter = null;
        _resultType = wantsResults ? typeof(TResult).TypeHandle.Value : 0;
        _resultSize = wantsResults ? Unsafe.SizeOf<TResult>() : 0;
        if (_results.Length < _resultSize * _faults.Length) _results = new byte[_resultSize * _faults.Length];
        Volatile.Write(ref _remaining, targets);
        // Release: a reader that sees the new generation also sees the reset state.
        Volatile.Write(ref _generation, _generation + 1);
        return _generation;
    }

    /// <summary>Core: where core <paramref name="core"/> writes its result, and the type it must have (0: none wanted).</summary>
    public ref byte ResultSlot(int core, out nint resultType)
    {
        resultType = _resultType;
        return ref resultType == 0 ? ref Unsafe.NullRef<byte>() : ref _results[core * _resultSize];
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
        Debug.Assert(Volatile.Read(ref _remaining) > 0, "every target completes once");
        // The decrement is a full fence: it orders the outcome above before the waiting check below, and pairs with
        // the owner's exchange in RegisterOwner (Dekker): either we see the owner waiting, or it sees zero.
        if (Interlocked.Decrement(ref _remaining) != 0) return;
        if (Volatile.Read(ref _ownerWaiting) != 0) _owner.Waiter.Signal();
        Volatile.Read(ref _awaiter)?.GroupFinished();
    }

    /// <summary>
    /// Sender: tells <paramref name="awaiter"/> when every target finished — at once if they have. The exchange is a full
    /// fence, as is the last target's decrement before it reads the awaiter: one of them tells it (it completes once).
    /// </summary>
    public void SetAwaiter(IGroupAwaiter awaiter)
    {
        Interlocked.Exchange(ref _awaiter, awaiter);
        if (Volatile.Read(ref _remaining) == 0) awaiter.GroupFinished();
    }

    /// <summary>Owner: asks to be signalled when the count reaches zero; false if it already did.</summary>
    public bool RegisterOwner()
    {
        Interlocked.Exchange(ref _ownerWaiting, 1);
        return Volatile.Read(ref _remaining) != 0;
    }

    public void UnregisterOwner() => Volatile.Write(ref _ownerWaiting, 0);

    /// <summary>
    /// Owner, a sync sender once all finished: copies each listed core's result into <paramref name="results"/> (indexed by
    /// core id), then throws the faults (an aggregate in core order) or the cancellation.
    /// </summary>
    public void Collect<TResult>(CoreMask cores, Span<TResult> results) where TResult : unmanaged
    {
        Debug.Assert(IsFinished, "collecting a finished group");
        _observed = true;
        if (_faultCount != 0) throw BuildFault()!;
        if (_cancelledCount != 0) throw Cancellation.ShutDown(-1);
        if (_resultType == 0) return;
        foreach (int core in cores)
            results[core] = Unsafe.ReadUnaligned<TResult>(ref _results[core * _resultSize]);
    }

    public TicketStatus GetStatus(long generation, out Exception? fault)
    {
        fault = null;
        long current = Volatile.Read(ref _generation);
        if (generation != current)
            return Volatile.Read(ref _outcomes) is { } outcomes ? outcomes.Lookup(generation, out fault) : TicketStatus.Completed;
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
        // Seqlock-style check: if the owner reused the group meanwhile, it logged this use's outcome first.
        return Volatile.Read(ref _generation) == generation ? status : GetStatus(generation, out fault);
    }

    /// <summary>The faults of the finished use, in core order, as one exception (built once, then shared); null if none.</summary>
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
}
