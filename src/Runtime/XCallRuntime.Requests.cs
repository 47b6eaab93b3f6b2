using System;

namespace XCall;

// Private requests: the caller's own XCallRequest goes on the core's lock-free inbox, so these forms never find a
// queue full and never need room in a lane.
public sealed partial class XCallRuntime
{
    /// <summary>Runs a prepared private request on <paramref name="core"/> and waits for it.</summary>
    /// <param name="core">The target core id.</param>
    /// <param name="request">A prepared request that is not in flight.</param>
    /// <exception cref="InvalidOperationException">The request is unprepared or still in flight.</exception>
    /// <exception cref="CoreOfflineException">The core is offline.</exception>
    public void Call(int core, XCallRequest request) => CallRequest<NoResult>(core, request, wantsResult: false);

    /// <summary>Runs a prepared private request on <paramref name="core"/>, waits, and returns the value its handler set.</summary>
    /// <inheritdoc cref="Call(int, XCallRequest)"/>
    public TResult Call<TResult>(int core, XCallRequest request) => CallRequest<TResult>(core, request, wantsResult: true);

    /// <summary>Queues a prepared private request on <paramref name="core"/> and returns at once with its ticket.</summary>
    /// <inheritdoc cref="Call(int, XCallRequest)"/>
    public Ticket Post(int core, XCallRequest request) => new(request, SendRequest<NoResult>(core, request, wantsResult: false));

    private TResult CallRequest<TResult>(int core, XCallRequest request, bool wantsResult)
    {
        Core.Current?.EnsureRoomToWait();
        long generation = SendRequest<TResult>(core, request, wantsResult);
        var finished = new RequestCondition(request, generation);
        Wait(ref finished, Deadline.Never); // if this throws, the flight ends on its own, into the request's own storage
        return request.TakeOutcome<TResult>(core);
    }

    /// <summary>Starts a flight of <paramref name="request"/> on <paramref name="core"/> (inline on the caller's own core); returns its generation.</summary>
    private long SendRequest<TResult>(int core, XCallRequest request, bool wantsResult)
    {
        ArgumentNullException.ThrowIfNull(request);
        Core target = ValidCore(core);
        ProducerContext context = Context();
        bool inline = target == context.Self;
        long generation;
        context.EnterSend();
        try
        {
            if (!target.IsOnline) throw new CoreOfflineException(core);
            generation = request.Begin<TResult>(this, core, context.SelfId, wantsResult);
            if (!inline)
            {
                target.Enqueue(request);
                target.Wake(ref context.Counters);
            }
        }
        finally
        {
            context.ExitSend();
        }
        if (inline)
        {
            context.Counters.Inline++;
            request.Run(target, cancelled: false);
        }
        return generation;
    }
}
