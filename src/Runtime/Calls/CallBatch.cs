using System;
using System.Diagnostics;
using System.Threading;

namespace XCall;

/// <summary>
/// Async calls to one core, sent as one burst: each call is written into the queue as it is posted, and the whole
/// batch becomes visible to the core with one store when the batch is published (on <see cref="Dispose"/>, on
/// <see cref="Publish"/>, or when the queue fills up). Get one with <see cref="XCallRuntime.Batch(int, CallPriority)"/>;
/// the generated async senders take it in place of a core.
/// </summary>
/// <remarks>
/// <para>Order and exactly-once are as for single calls: the calls of one thread to one core run in the order they
/// were posted. A batch larger than the queue is published in parts as the queue fills, so it never waits on itself.</para>
/// <para>While calls of the batch are unpublished, the thread is inside a send: disposal and <see cref="XCallRuntime.TakeOffline(int)"/>
/// wait for the batch to be published, so every call it accepted runs. Any wait this thread makes through XCall (a sync
/// call, a ticket, queue room) publishes the batch first, so nothing ever waits on a call the core cannot see yet.
/// Keep batches short; do not block inside one.</para>
/// <para>One batch per thread and runtime at a time; the object is reused (no allocation per batch).</para>
/// </remarks>
public sealed class CallBatch : IDisposable
{
    [ThreadStatic] private static CallBatch? t_open; // this thread's open batch, in whichever runtime

    private readonly ProducerContext _context;
    private Core? _target;
    private Lane? _lane;
    private Ring.HeldRecord _held;
    private bool _holding; // the first unpublished call's stamp is held, and the thread is inside a send

    internal CallBatch(ProducerContext context) => _context = context;

    /// <summary>The core the batch's calls go to.</summary>
    /// <exception cref="ObjectDisposedException">The batch was disposed.</exception>
    public int Core => Target.Id;

    /// <summary>The runtime the batch sends into.</summary>
    public XCallRuntime Runtime => _context.Runtime;

    /// <summary>Whether the batch is open (got from <see cref="XCallRuntime.Batch(int, CallPriority)"/> and not disposed yet).</summary>
    public bool IsOpen => _target is not null;

    internal CallPriority Priority { get; private set; }

    private Core Target => _target ?? throw new ObjectDisposedException(nameof(CallBatch), "This batch was disposed: get a new one with XCallRuntime.Batch(core).");

    internal void Open(Core target, CallPriority priority)
    {
        if (t_open is not null)
            throw new InvalidOperationException("This thread already has an open batch: dispose it before opening another.");
        _target = target;
        _lane = target == _context.Self ? null : _context.LaneTo(target, priority);
        Priority = priority;
        t_open = this;
    }

    /// <summary>Queues <typeparamref name="THandler"/> in the batch and returns its ticket (the call runs once the batch is published).</summary>
    /// <typeparam name="THandler">The handler to run.</typeparam>
    /// <typeparam name="TArgs">Its argument struct.</typeparam>
    /// <param name="args">The arguments, copied into the queue.</param>
    /// <param name="refs">References that travel with the call.</param>
    /// <exception cref="ObjectDisposedException">The batch, or the runtime, was disposed.</exception>
    /// <exception cref="CoreOfflineException">The core went offline.</exception>
    /// <exception cref="QueueFullException">The queue is full and <see cref="XCallOptions.WhenQueueFull"/> is <see cref="FullQueuePolicy.Throw"/> (the calls before it are published).</exception>
    public Ticket Post<THandler, TArgs>(in TArgs args, CallRefs refs = default)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
    {
        Core target = Target;
        Debug.Assert(t_open == this, "posting into the thread's open batch");
        if (_lane is null) return Runtime.PostInline<THandler, TArgs>(_context, target, in args, in refs);
        Runtime.PostIntoBatch(this, _context, _lane, Thunks<THandler, TArgs>.Pointer, in args, in refs);
        return new Ticket(_lane, _lastPosition);
    }

    private long _lastPosition;

    /// <summary>Makes every call posted so far visible to the core, with one store, and wakes it if it is parked.</summary>
    public void Publish()
    {
        if (!_holding) return;
        _held.Ring.Publish(_held); // the ring it was held in: the lane may have grown since
        _holding = false;
        _context.ExitSend();
        _context.Notify(_lane!);
    }

    /// <summary>Publishes what is left and closes the batch; the object is reused by the thread's next batch.</summary>
    public void Dispose()
    {
        if (_target is null) return;
        Publish();
        _target = null;
        _lane = null;
        if (t_open == this) t_open = null;
    }

    /// <summary>Publishes the calling thread's open batch, if any: before any wait, so nothing waits on an unpublished call.</summary>
    internal static void PublishOpen()
    {
        if (t_open is { _holding: true } open) open.Publish();
    }

    /// <summary>Writes one call into the batch: the first call of an unpublished run holds its stamp and opens the send window.</summary>
    internal unsafe bool TryAppend<TArgs>(Lane lane, nint thunk, in TArgs args, in CallRefs refs, ulong tag, long sentAt) where TArgs : unmanaged
    {
        if (!_holding)
        {
            _context.EnterSend(); // closed: ObjectDisposedException, and nothing of this run is sent
            if (!lane.Target.IsOnline)
            {
                _context.ExitSend();
                throw new CoreOfflineException(lane.Target.Id);
            }
        }
        byte* body = lane.Ring.TryClaim(CallRecord.BodyBytes<TArgs>(sentAt), out _lastPosition);
        if (body == null)
        {
            if (!_holding) _context.ExitSend();
            return false;
        }
        CallRecord.Write(body, thunk, in args, sentAt);
        if (_holding)
        {
            lane.Publish(tag, in refs); // invisible until the held stamp is published
        }
        else
        {
            _held = lane.Hold(tag, in refs);
            _holding = true;
        }
        return true;
    }
}
