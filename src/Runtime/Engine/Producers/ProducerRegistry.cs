using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace XCall;

/// <summary>
/// A runtime's sender contexts, one per thread that sends. A thread finds its own through thread-static storage;
/// a thread's first send adopts the context of a thread that has ended (so short-lived threads reuse lanes instead
/// of piling them up), or makes a new one.
/// </summary>
internal sealed class ProducerRegistry(XCallRuntime runtime)
{
    [ThreadStatic] private static ProducerContext? t_last;            // the context this thread used last, in any runtime
    [ThreadStatic] private static List<ProducerContext>? t_contexts;  // this thread's contexts, one per runtime

    private readonly object _lock = new();
    private ProducerContext[] _all = [];

    /// <summary>Every context (copy-on-write; for statistics and for waking waiting senders).</summary>
    public ProducerContext[] All => Volatile.Read(ref _all);

    /// <summary>The calling thread's context, made or adopted on its first send.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ProducerContext Current()
    {
        ProducerContext? context = t_last;
        return context is not null && context.Runtime == runtime ? context : Find();
    }

    private ProducerContext Find()
    {
        List<ProducerContext> mine = t_contexts ??= new List<ProducerContext>();
        foreach (ProducerContext context in mine)
            if (context.Runtime == runtime) return t_last = context;
        mine.RemoveAll(static context => context.Runtime.IsClosed); // a disposed runtime's context is not kept alive by this thread

        // A core with a thread of its own is woken through its chip, so it can keep serving its queue while it waits.
        IWaiter waiter = Core.Current is { } core && core.Runtime.Driver.CoresHaveThreads ? core : ThreadWaiter.Current;
        Thread thread = Thread.CurrentThread;
        ProducerContext? found = null;
        lock (_lock)
        {
            foreach (ProducerContext candidate in _all)
            {
                if (!candidate.IsOrphaned) continue;
                candidate.Adopt(thread, waiter);
                found = candidate;
                break;
            }
            if (found is null)
            {
                found = new ProducerContext(runtime, thread, waiter);
                var grown = new ProducerContext[_all.Length + 1];
                _all.CopyTo(grown, 0);
                grown[^1] = found;
                Volatile.Write(ref _all, grown);
            }
        }
        mine.Add(found);
        return t_last = found;
    }

    /// <summary>Wakes every sender blocked waiting for room, so it looks at admission again. After a process-wide barrier.</summary>
    public void WakeRoomWaiters()
    {
        foreach (ProducerContext context in All)
            if (Volatile.Read(ref context.WaitingForRoom) != 0) context.Waiter.Signal();
        foreach (Core core in runtime.Cores)
        {
            foreach (Lane lane in core.Lanes) lane.WakeRoomAwaiters();
            foreach (Lane lane in core.HighLanes) lane.WakeRoomAwaiters();
        }
    }

    /// <summary>Waits until no thread is inside a send (their admission windows are a few stores long, never a wait).</summary>
    public void WaitForSenders()
    {
        foreach (ProducerContext context in All)
        {
            var spinner = new SpinWait();
            while (context.IsSending) spinner.SpinOnce();
        }
    }
}
