using System;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace XCall;

// Private requests (Linux smp_xcall_private): the caller's own XCallRequest goes on the core's lock-free list,
// so these forms never find a queue full and never need a slot.
public sealed partial class XCallRuntime
{
    /// <summary>Runs a prepared private request on <paramref name="core"/> and waits for it.</summary>
    /// <param name="core">The target core id.</param>
    /// <param name="request">A prepared request that is not in flight.</param>
    /// <exception cref="InvalidOperationException">The request is unprepared or still in flight.</exception>
    /// <exception cref="CoreOfflineException">The core is offline.</exception>
    public unsafe void Call(int core, XCallRequest request) => SendRequest(core, request, sync: true, null, 0);

    /// <summary>Runs a prepared private request on <paramref name="core"/>, waits, and returns the value its handler set.</summary>
    /// <inheritdoc cref="Call(int, XCallRequest)"/>
    public unsafe TResult Call<TResult>(int core, XCallRequest request)
    {
        TResult result = default!;
        SendRequest(core, request, sync: true, Unsafe.AsPointer(ref result), typeof(TResult).TypeHandle.Value);
        return result;
    }

    /// <summary>Queues a prepared private request on <paramref name="core"/> and returns at once with its ticket.</summary>
    /// <inheritdoc cref="Call(int, XCallRequest)"/>
    public unsafe Ticket Post(int core, XCallRequest request) => SendRequest(core, request, sync: false, null, 0);

    private unsafe Ticket SendRequest(int core, XCallRequest request, bool sync, void* result, nint resultType)
    {
        ArgumentNullException.ThrowIfNull(request);
        Core target = ValidCore(core);
        ProducerContext context = Context();
        Core? self = context.Self;
        long generation;
        context.EnterSend();
        try
        {
            if (!target.IsOnline) throw new CoreOfflineException(core);
            generation = request.Begin(this, core, context.SelfId, result, resultType);
            if (target != self)
            {
                target.Enqueue(request);
                target.Wake(ref context.Counters);
            }
        }
        finally
        {
            context.ExitSend();
        }
        if (target == self)
        {
            context.Counters.Inline++;
            request.Run(target, cancelled: false);
        }
        if (sync)
        {
            var finished = new RequestCondition(request, generation);
            Wait(ref finished, Deadline.Never);
            TicketStatus outcome = request.TakeOutcome(out Exception? fault);
            if (outcome == TicketStatus.Faulted) ExceptionDispatchInfo.Throw(fault!);
            if (outcome == TicketStatus.Cancelled) throw Cancelled(core);
        }
        return new Ticket(request, generation);
    }
}
