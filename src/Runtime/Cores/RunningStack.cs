using System;
using System.Diagnostics;
using System.Threading;

namespace XCall;

/// <summary>
/// The calls a core is in the middle of while it waits: when a handler waits (a sync call, a ticket, queue room…),
/// the core keeps serving its queue on the same thread, so the waiting call stays on the thread's stack until the
/// wait ends. Each entry says which call waits and for what. Other threads read it to tell whether a call finished
/// (a call the core released past is finished unless it is here) and to find wait cycles.
/// </summary>
/// <remarks>
/// Written by the core only; read by anyone without a lock. An entry is complete before the depth that exposes it is
/// published, and stays untouched while exposed, so a reader that does not find a call was right to: it left the
/// stack (a reader may briefly see a call that just left, never miss one that is there).
/// </remarks>
internal sealed class RunningStack
{
    private Entry[] _entries = new Entry[4]; // grown copy-on-write: readers may hold the old array
    private int _depth;

    /// <summary>How many calls are waiting on this core's stack.</summary>
    public int Depth => Volatile.Read(ref _depth);

    /// <summary>Core: a call (<paramref name="running"/>) starts waiting for <paramref name="awaited"/>.</summary>
    public void Push(in CallId running, nint thunk, in CallId awaited)
    {
        int depth = _depth;
        if (depth == _entries.Length)
        {
            var grown = new Entry[depth * 2];
            _entries.CopyTo(grown, 0);
            Volatile.Write(ref _entries, grown); // before the depth: a reader that sees the new depth sees this array
        }
        _entries[depth] = new Entry(running, thunk, awaited);
        Volatile.Write(ref _depth, depth + 1); // release: the entry is complete first
    }

    /// <summary>Core: the call of the innermost wait.</summary>
    public CallId Innermost()
    {
        Debug.Assert(_depth > 0, "a wait is in progress");
        return _entries[_depth - 1].Running;
    }

    /// <summary>Core: the innermost wait ended.</summary>
    public void Pop()
    {
        Debug.Assert(_depth > 0, "a pop follows a push");
        int depth = _depth - 1;
        Volatile.Write(ref _depth, depth);
        _entries[depth] = default;
    }

    /// <summary>Whether the call (<paramref name="source"/>, <paramref name="token"/>) is waiting on this stack.</summary>
    public bool IsRunning(object source, long token)
    {
        int depth = Volatile.Read(ref _depth);
        Entry[] entries = Volatile.Read(ref _entries);
        for (int i = 0; i < depth && i < entries.Length; i++)
            if (ReferenceEquals(entries[i].Running.Source, source) && entries[i].Running.Token == token) return true;
        return false;
    }

    /// <summary>Whether a call of <paramref name="lane"/> published before <paramref name="end"/> is waiting on this stack.</summary>
    public bool HasLaneCallBelow(Lane lane, long end)
    {
        int depth = Volatile.Read(ref _depth);
        Entry[] entries = Volatile.Read(ref _entries);
        for (int i = 0; i < depth && i < entries.Length; i++)
            if (ReferenceEquals(entries[i].Running.Source, lane) && entries[i].Running.Token < end) return true;
        return false;
    }

    /// <summary>Whether any private request is waiting on this stack.</summary>
    public bool HasRequest()
    {
        int depth = Volatile.Read(ref _depth);
        Entry[] entries = Volatile.Read(ref _entries);
        for (int i = 0; i < depth && i < entries.Length; i++)
            if (entries[i].Running.Source is XCallRequest) return true;
        return false;
    }

    /// <summary>The innermost wait's target, or none (for following wait chains).</summary>
    public CallId InnermostAwaited()
    {
        int depth = Volatile.Read(ref _depth);
        Entry[] entries = Volatile.Read(ref _entries);
        return depth > 0 && depth <= entries.Length ? entries[depth - 1].Awaited : default;
    }

    /// <summary>Whether <paramref name="call"/> waits on this stack (at any depth).</summary>
    public bool Contains(in CallId call) => call.Source is not null && IsRunning(call.Source, call.Token);

    /// <summary>The handler of the call that waits for <paramref name="call"/> on this stack, for reports (0 if not found).</summary>
    public nint ThunkOf(in CallId call)
    {
        int depth = Volatile.Read(ref _depth);
        Entry[] entries = Volatile.Read(ref _entries);
        for (int i = 0; i < depth && i < entries.Length; i++)
            if (entries[i].Running == call) return entries[i].Thunk;
        return 0;
    }

    private readonly record struct Entry(CallId Running, nint Thunk, CallId Awaited);
}

/// <summary>
/// Names one call for the running stack: a lane call (lane, position), a private request (request, generation),
/// a multi-core call (group, generation), or nothing.
/// </summary>
internal readonly record struct CallId(object? Source, long Token)
{
    public bool IsNone => Source is null;

    /// <summary>The core that runs this call, if it is a call to one core.</summary>
    public Core? Runner => Source switch
    {
        Lane lane => lane.Target,
        XCallRequest request => request.TargetCore,
        _ => null,
    };
}
