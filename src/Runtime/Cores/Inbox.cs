using System.Threading;

namespace XCall;

/// <summary>
/// A core's private requests: a lock-free stack any thread pushes onto (never full: a request brings its own
/// storage), which the core takes whole and runs oldest first.
/// </summary>
internal sealed class Inbox
{
    private PaddedRef _pushed;     // newest first
    private XCallRequest? _taken;  // core-private: taken, oldest first, not yet run
    private long _issued;
    private long _finished;

    public long Issued => Volatile.Read(ref _issued);

    public long Finished => Volatile.Read(ref _finished);

    /// <summary>Requests issued and not finished (racy; for statistics).</summary>
    public int Depth => (int)(Issued - Finished);

    public bool HasWork => _taken is not null || Volatile.Read(ref _pushed.Value) is not null;

    /// <summary>Any thread: queues a request.</summary>
    public void Push(XCallRequest request)
    {
        Interlocked.Increment(ref _issued);
        XCallRequest? head;
        do
        {
            head = Volatile.Read(ref _pushed.Value) as XCallRequest;
            request.Next = head;
        }
        while (Interlocked.CompareExchange(ref _pushed.Value, request, head) != head);
    }

    /// <summary>Core: the next request to run, oldest first, or null.</summary>
    public XCallRequest? Take()
    {
        if (_taken is null)
        {
            if (Volatile.Read(ref _pushed.Value) is null) return null;
            var newestFirst = Interlocked.Exchange(ref _pushed.Value, null) as XCallRequest;
            while (newestFirst is not null)
            {
                XCallRequest next = newestFirst.Next!;
                newestFirst.Next = _taken;
                _taken = newestFirst;
                newestFirst = next;
            }
        }
        XCallRequest? request = _taken;
        if (request is not null)
        {
            _taken = request.Next;
            request.Next = null;
        }
        return request;
    }

    /// <summary>Core: a request it took finished.</summary>
    public void MarkFinished() => Interlocked.Increment(ref _finished);
}
