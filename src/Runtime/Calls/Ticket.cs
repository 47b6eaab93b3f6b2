using System;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace XCall;

/// <summary>The state of the call (or calls) a <see cref="Ticket"/> stands for.</summary>
public enum TicketStatus
{
    /// <summary>Not finished on every target yet.</summary>
    Pending = 0,

    /// <summary>Ran on every target without throwing.</summary>
    Completed = 1,

    /// <summary>Ran, and a handler threw: see <see cref="Ticket.Exception"/>.</summary>
    Faulted = 2,

    /// <summary>Accepted, but the runtime shut down before a target ran it.</summary>
    Cancelled = 3,

    /// <summary>
    /// Finished, but whether it threw is no longer known: more calls on the same queue (or group) failed since than
    /// the runtime keeps (1,024). <see cref="Ticket.Wait()"/> throws <see cref="TicketExpiredException"/>. A ticket that is
    /// asked in time never reads this, and a call that threw never reads <see cref="Completed"/>.
    /// </summary>
    Expired = 4,
}

/// <summary>
/// A receipt for an async call (NetBSD's <c>xc_wait</c> ticket): wait on it, on several at once with
/// <see cref="WaitAll(ReadOnlySpan{Ticket})"/>, or <c>await</c> it. A small struct: issuing and checking tickets never allocates.
/// </summary>
/// <remarks>
/// A ticket keeps its outcome after the queue room behind it is reused: each queue remembers its newest 1,024
/// failures, so a late <see cref="Wait()"/> still reports them; past that, an old ticket reads
/// <see cref="TicketStatus.Expired"/> rather than a guess. The runtime's <see cref="XCallRuntime.HandlerFaulted"/>
/// event sees every fault in any case. <c>default(Ticket)</c> is a completed ticket.
/// </remarks>
public readonly struct Ticket
{
    private readonly object? _source;
    private readonly long _token;

    internal Ticket(object? source, long token)
    {
        _source = source;
        _token = token;
    }

    /// <summary>A ticket for a call that already finished without a fault.</summary>
    public static Ticket Completed => default;

    /// <summary>The current state of the call.</summary>
    public TicketStatus Status => GetStatus(out _);

    /// <summary>Whether the call finished (completed, faulted or cancelled).</summary>
    public bool IsCompleted => Status != TicketStatus.Pending;

    /// <summary>
    /// What the handler threw once the ticket is <see cref="TicketStatus.Faulted"/> (an <see cref="AggregateException"/>
    /// for a call that ran on several cores), or null.
    /// </summary>
    public Exception? Exception
    {
        get
        {
            GetStatus(out Exception? fault);
            return fault;
        }
    }

    /// <summary>Waits until the call finished; throws what the handler threw, or <see cref="OperationCanceledException"/> if it was cancelled.</summary>
    /// <remarks>On a core, the wait keeps running that core's own queue, so a handler may wait on a ticket without deadlocking.</remarks>
    public void Wait() => Wait(Timeout.InfiniteTimeSpan);

    /// <summary>Waits up to <paramref name="timeout"/> for the call to finish; false on timeout. Throws like <see cref="Wait()"/> once finished.</summary>
    public bool Wait(TimeSpan timeout)
    {
        if (_source is ITicketSource source && source.Runtime.WaitForTicket(this, Deadline.After(timeout), default) != WaitOutcome.Satisfied) return false;
        ThrowIfFailed();
        return true;
    }

    /// <summary>Waits until every ticket finished, then throws an <see cref="AggregateException"/> of every fault and cancellation.</summary>
    public static void WaitAll(ReadOnlySpan<Ticket> tickets) => WaitAll(tickets, Timeout.InfiniteTimeSpan);

    /// <summary>Waits up to <paramref name="timeout"/> for every ticket to finish; false on timeout. Throws like <see cref="WaitAll(ReadOnlySpan{Ticket})"/> once all finished.</summary>
    public static bool WaitAll(ReadOnlySpan<Ticket> tickets, TimeSpan timeout)
    {
        Deadline deadline = Deadline.After(timeout);
        foreach (Ticket ticket in tickets)
        {
            if (ticket._source is ITicketSource source && source.Runtime.WaitForTicket(ticket, deadline, default) != WaitOutcome.Satisfied) return false;
        }

        int failures = 0;
        foreach (Ticket ticket in tickets)
            if (ticket.Status is TicketStatus.Faulted or TicketStatus.Cancelled or TicketStatus.Expired) failures++;
        if (failures == 0) return true;

        var errors = new Exception[failures];
        int next = 0;
        foreach (Ticket ticket in tickets)
            if (ticket.Failure() is { } error) errors[next++] = error;
        throw new AggregateException("One or more cross calls failed.", errors);
    }

    /// <summary>Throws what the handler threw if the ticket is faulted, or <see cref="OperationCanceledException"/> if cancelled.</summary>
    public void ThrowIfFailed()
    {
        if (Failure() is { } error) ExceptionDispatchInfo.Throw(error);
    }

    /// <summary>Lets <c>await ticket</c> resume when the call finished; the await throws like <see cref="Wait()"/>.</summary>
    public TicketAwaiter GetAwaiter() => new(this);

    /// <inheritdoc/>
    public override string ToString() => $"Ticket ({Status})";

    internal object? Source => _source;

    internal long Token => _token;

    internal TicketStatus GetStatus(out Exception? fault)
    {
        fault = null;
        switch (_source)
        {
            case null:
                return TicketStatus.Completed;
            case ITicketSource source:
                return source.GetStatus(_token, out fault);
            default: // a call that ran inline on the calling core and threw
                fault = (Exception)_source;
                return TicketStatus.Faulted;
        }
    }

    private Exception? Failure() => GetStatus(out Exception? fault) switch
    {
        TicketStatus.Faulted => fault,
        TicketStatus.Cancelled => new OperationCanceledException("The cross call was cancelled: the runtime shut down before its target core ran it."),
        TicketStatus.Expired => new TicketExpiredException(),
        _ => null,
    };
}

/// <summary>The awaiter behind <c>await ticket</c>.</summary>
public readonly struct TicketAwaiter : ICriticalNotifyCompletion
{
    private readonly Ticket _ticket;

    internal TicketAwaiter(Ticket ticket) => _ticket = ticket;

    /// <summary>Whether the call already finished.</summary>
    public bool IsCompleted => _ticket.IsCompleted;

    /// <summary>Throws what the call threw, if anything.</summary>
    public void GetResult() => _ticket.ThrowIfFailed();

    /// <summary>Runs <paramref name="continuation"/> on the thread pool once the call finished.</summary>
    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    /// <summary>Runs <paramref name="continuation"/> on the thread pool once the call finished.</summary>
    public void UnsafeOnCompleted(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        if (_ticket.Source is ITicketSource source) source.Runtime.ContinueWhenDone(_ticket, continuation);
        else ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false);
    }
}

/// <summary>Anything a ticket can point at: a queue lane, a multi-core group, a private request.</summary>
internal interface ITicketSource
{
    XCallRuntime Runtime { get; }

    TicketStatus GetStatus(long token, out Exception? fault);
}
