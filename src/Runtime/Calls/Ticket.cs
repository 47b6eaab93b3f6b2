using System;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

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
/// A receipt for an async call: wait on it, on several at once with
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
    public void Wait() => Wait(Timeout.InfiniteTimeSpan, default);

    /// <summary>Waits until the call finished or <paramref name="cancellationToken"/> is cancelled; throws like <see cref="Wait()"/>.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled (the call itself goes on).</exception>
    public void Wait(CancellationToken cancellationToken) => Wait(Timeout.InfiniteTimeSpan, cancellationToken);

    /// <summary>Waits up to <paramref name="timeout"/> for the call to finish; false on timeout. Throws like <see cref="Wait()"/> once finished.</summary>
    public bool Wait(TimeSpan timeout) => Wait(timeout, default);

    /// <summary>Waits up to <paramref name="timeout"/>, or until <paramref name="cancellationToken"/> is cancelled; false on timeout. Throws like <see cref="Wait()"/> once finished.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled (the call itself goes on).</exception>
    public bool Wait(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_source is ITicketSource source)
        {
            switch (source.Runtime.WaitForTicket(this, Deadline.After(timeout), cancellationToken))
            {
                case WaitOutcome.TimedOut:
                    return false;
                case WaitOutcome.Canceled:
                    throw new OperationCanceledException(cancellationToken);
            }
        }
        ThrowIfFailed();
        return true;
    }

    /// <summary>Waits until every ticket finished, then throws an <see cref="AggregateException"/> of every fault and cancellation.</summary>
    public static void WaitAll(params ReadOnlySpan<Ticket> tickets) => WaitAll(tickets, Timeout.InfiniteTimeSpan, default);

    /// <summary>Waits up to <paramref name="timeout"/> (or until <paramref name="cancellationToken"/> is cancelled) for every ticket to finish; false on timeout. Throws like <see cref="WaitAll(ReadOnlySpan{Ticket})"/> once all finished.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled (the calls themselves go on).</exception>
    public static bool WaitAll(ReadOnlySpan<Ticket> tickets, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Deadline deadline = Deadline.After(timeout);
        foreach (Ticket ticket in tickets)
        {
            if (ticket._source is not ITicketSource source) continue;
            switch (source.Runtime.WaitForTicket(ticket, deadline, cancellationToken))
            {
                case WaitOutcome.TimedOut:
                    return false;
                case WaitOutcome.Canceled:
                    throw new OperationCanceledException(cancellationToken);
            }
        }
        ThrowFailures(tickets);
        return true;
    }

    /// <summary>
    /// Completes once every ticket finished, without blocking a thread; the await throws an <see cref="AggregateException"/>
    /// of every fault and cancellation. The tickets are copied, so the span need not outlive the call.
    /// </summary>
    public static ValueTask WhenAll(params ReadOnlySpan<Ticket> tickets) => WhenAllAsync(tickets.ToArray());

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask WhenAllAsync(Ticket[] tickets)
    {
        foreach (Ticket ticket in tickets)
        {
            if (!ticket.IsCompleted) await new ConfiguredTicketAwaitable(ticket, continueOnCapturedContext: false, throwFailure: false);
        }
        ThrowFailures(tickets);
    }

    private static void ThrowFailures(ReadOnlySpan<Ticket> tickets)
    {
        int failures = 0;
        foreach (Ticket ticket in tickets)
            if (ticket.Failure() is not null) failures++;
        if (failures == 0) return;
        var errors = new Exception[failures];
        int next = 0;
        foreach (Ticket ticket in tickets)
            if (ticket.Failure() is { } error && next < errors.Length) errors[next++] = error;
        throw new AggregateException("One or more cross calls failed.", errors);
    }

    /// <summary>
    /// Completes when the call finished, without blocking a thread (throwing like <see cref="Wait()"/>), or when
    /// <paramref name="cancellationToken"/> is cancelled (throwing <see cref="OperationCanceledException"/>; the call goes on).
    /// </summary>
    public ValueTask WaitAsync(CancellationToken cancellationToken = default)
    {
        if (IsCompleted) return Failure() is { } error ? ValueTask.FromException(error) : default;
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        return WaitSlowAsync(this, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask WaitSlowAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            await ticket.ConfigureAwait(false);
            return;
        }
        await TicketWait.Rent(ticket, cancellationToken).Task.ConfigureAwait(false);
        ticket.ThrowIfFailed();
    }

    /// <summary>A task that completes when the call finished (faulted or cancelled as it ended). Allocates; prefer <c>await ticket</c>.</summary>
    public Task AsTask() => WaitAsync().AsTask();

    /// <summary>Throws what the handler threw if the ticket is faulted, or <see cref="OperationCanceledException"/> if cancelled.</summary>
    public void ThrowIfFailed()
    {
        if (Failure() is { } error) ExceptionDispatchInfo.Throw(error);
    }

    /// <summary>
    /// Lets <c>await ticket</c> resume when the call finished — on the awaiting code's <see cref="SynchronizationContext"/>
    /// or <see cref="TaskScheduler"/>, like awaiting a task. The await throws like <see cref="Wait()"/>.
    /// </summary>
    public TicketAwaiter GetAwaiter() => new(this, continueOnCapturedContext: true);

    /// <summary>An awaitable that resumes on the captured context (<paramref name="continueOnCapturedContext"/>) or on the thread pool.</summary>
    public ConfiguredTicketAwaitable ConfigureAwait(bool continueOnCapturedContext) => new(this, continueOnCapturedContext);

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

    internal Exception? Failure() => GetStatus(out Exception? fault) switch
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
    private readonly bool _continueOnCapturedContext;
    private readonly bool _throwFailure;

    internal TicketAwaiter(Ticket ticket, bool continueOnCapturedContext, bool throwFailure = true)
    {
        _ticket = ticket;
        _continueOnCapturedContext = continueOnCapturedContext;
        _throwFailure = throwFailure;
    }

    /// <summary>Whether the call already finished.</summary>
    public bool IsCompleted => _ticket.IsCompleted;

    /// <summary>Throws what the call threw, if anything.</summary>
    public void GetResult()
    {
        if (_throwFailure) _ticket.ThrowIfFailed();
    }

    /// <summary>Runs <paramref name="continuation"/> once the call finished (see <see cref="UnsafeOnCompleted"/>).</summary>
    public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

    /// <summary>
    /// Runs <paramref name="continuation"/> once the call finished: on the captured <see cref="SynchronizationContext"/> or
    /// non-default <see cref="TaskScheduler"/> when the awaitable was configured to continue there, else on the thread pool.
    /// </summary>
    public void UnsafeOnCompleted(Action continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        if (_continueOnCapturedContext) continuation = OnCapturedContext(continuation);
        if (_ticket.Source is ITicketSource source) source.Runtime.ContinueWhenDone(_ticket, continuation);
        else ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false);
    }

    private static Action OnCapturedContext(Action continuation)
    {
        if (SynchronizationContext.Current is { } context && context.GetType() != typeof(SynchronizationContext))
            return () => context.Post(static c => ((Action)c!)(), continuation);
        if (TaskScheduler.Current is { } scheduler && scheduler != TaskScheduler.Default)
            return () => Task.Factory.StartNew(continuation, CancellationToken.None, TaskCreationOptions.None, scheduler);
        return continuation;
    }
}

/// <summary>The awaitable <see cref="Ticket.ConfigureAwait(bool)"/> returns.</summary>
public readonly struct ConfiguredTicketAwaitable
{
    private readonly Ticket _ticket;
    private readonly bool _continueOnCapturedContext;
    private readonly bool _throwFailure;

    internal ConfiguredTicketAwaitable(Ticket ticket, bool continueOnCapturedContext, bool throwFailure = true)
    {
        _ticket = ticket;
        _continueOnCapturedContext = continueOnCapturedContext;
        _throwFailure = throwFailure;
    }

    /// <summary>The awaiter.</summary>
    public TicketAwaiter GetAwaiter() => new(_ticket, _continueOnCapturedContext, _throwFailure);
}

/// <summary>Anything a ticket can point at: a queue lane, a multi-core group, a private request.</summary>
internal interface ITicketSource
{
    XCallRuntime Runtime { get; }

    TicketStatus GetStatus(long token, out Exception? fault);
}
