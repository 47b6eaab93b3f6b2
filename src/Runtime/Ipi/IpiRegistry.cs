using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace XCall;

/// <summary>
/// The runtime's table of IPI handlers by message type id. Cores read an immutable snapshot without a lock;
/// registration swaps in a new snapshot. A type id is bound to one message type while it has handlers.
/// </summary>
internal sealed class IpiRegistry
{
    private readonly XCallRuntime _runtime;
    private readonly object _lock = new();
    private Dictionary<int, IpiHandlerEntry[]> _byType = new();

    public IpiRegistry(XCallRuntime runtime) => _runtime = runtime;

    public IpiHandlerEntry[]? HandlersOf(int type) => Volatile.Read(ref _byType).GetValueOrDefault(type);

    public IpiHandlerEntry Add(int type, nint thunk, Type messageType, int messageSize, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(type);
        lock (_lock)
        {
            IpiHandlerEntry[] existing = _byType.GetValueOrDefault(type) ?? [];
            if (existing.Length != 0 && existing[0].MessageType != messageType)
                throw new InvalidOperationException($"IPI type {type} carries {existing[0].MessageType.Name} messages; {name} handles {messageType.Name}. Use another type id.");
            foreach (IpiHandlerEntry other in existing)
            {
                if (other.Thunk == thunk)
                    throw new InvalidOperationException($"{name} is already registered for IPI type {type}: registering it again would run it twice per message. Dispose the first registration, or register once.");
            }
            var entry = new IpiHandlerEntry(type, thunk, messageType, messageSize, name);
            Publish(type, [.. existing, entry]);
            return entry;
        }
    }

    /// <summary>
    /// Removes a handler and waits until no core runs it — except for runs further up the calling thread's own stack,
    /// which cannot end before this returns. A core that unregisters keeps serving its queue while it waits.
    /// </summary>
    public void Remove(IpiHandlerEntry entry)
    {
        lock (_lock)
        {
            if (entry.Removed) return;
            entry.Removed = true;
            IpiHandlerEntry[] remaining = Array.FindAll(_byType.GetValueOrDefault(entry.Type) ?? [], e => e != entry);
            Publish(entry.Type, remaining);
        }
        // Full fence, then read the count: pairs with the dispatcher's increment (a full fence) before it reads
        // Removed (Dekker): either it sees Removed and skips, or we see it running and wait.
        Interlocked.MemoryBarrier();
        var idle = new PolledCondition<(IpiHandlerEntry Entry, int Mine)>((entry, IpiDispatch.RunsOnThisThread(entry)),
            static s => Volatile.Read(ref s.Entry.Running) <= s.Mine);
        _runtime.Wait(ref idle, Deadline.Never);
    }

    private void Publish(int type, IpiHandlerEntry[] handlers)
    {
        var next = new Dictionary<int, IpiHandlerEntry[]>(_byType);
        if (handlers.Length == 0) next.Remove(type);
        else next[type] = handlers;
        Volatile.Write(ref _byType, next);
    }
}

/// <summary>One registered handler.</summary>
internal sealed class IpiHandlerEntry(int type, nint thunk, Type messageType, int messageSize, string name)
{
    public int Type { get; } = type;

    /// <summary>A <c>delegate*&lt;in IpiContext, ref byte, void&gt;</c> specialised for the handler.</summary>
    public nint Thunk { get; } = thunk;

    public Type MessageType { get; } = messageType;

    /// <summary>The message's size in bytes (what a message from another process must carry).</summary>
    public int MessageSize { get; } = messageSize;

    public string Name { get; } = name;

    public volatile bool Removed;

    /// <summary>How many cores run this handler now (an entry may also run nested on one core's stack).</summary>
    public int Running;
}

/// <summary>The per-handler thunk a registry entry points at.</summary>
internal static unsafe class IpiThunks<THandler, TMessage>
    where THandler : IIpiHandler<TMessage>
    where TMessage : unmanaged
{
    public static readonly nint Pointer = (nint)(delegate*<in IpiContext, ref byte, void>)&Invoke;

    private static void Invoke(in IpiContext context, ref byte payload) => THandler.Handle(in context, in Unsafe.As<byte, TMessage>(ref payload));
}

/// <summary>An IPI message as a call carries it: the type id, then the message.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct IpiEnvelope<TMessage>(int type, TMessage message) where TMessage : unmanaged
{
    public readonly int Type = type;
    public readonly TMessage Message = message;
}

/// <summary>The envelope's size beyond its message (at most: the message aligns to at most 8 bytes).</summary>
internal static class IpiEnvelope
{
    public const int HeaderBytes = 8;
}

/// <summary>
/// The thunk every IPI message call carries: looks up the handlers of the message's type and runs each of them
/// (<see cref="IpiDispatch.Run"/>).
/// </summary>
internal static unsafe class IpiDispatch<TMessage> where TMessage : unmanaged
{
    public static readonly nint Pointer = HandlerNames.Register((nint)(delegate*<ref CallFrame, void>)&Dispatch, $"IPI message {typeof(TMessage).Name}");

    private static void Dispatch(ref CallFrame frame)
    {
        ref readonly IpiEnvelope<TMessage> envelope = ref frame.Args<IpiEnvelope<TMessage>>();
        int type = envelope.Type;
        IpiHandlerEntry[]? handlers = frame.Runtime.Ipi.HandlersOf(type);
        if (handlers is null)
            throw new InvalidOperationException($"No handler is registered for IPI type {type} ({typeof(TMessage).Name}) in runtime '{frame.Runtime.Name}': the message was not delivered. Register the handlers (IpiHandlers.Register) before sending.");
        var context = new IpiContext(frame.Runtime, frame.Core, frame.SenderCore, type, frame.Runtime.InstanceId);
        IpiDispatch.Run(handlers, in context, ref Unsafe.As<TMessage, byte>(ref Unsafe.AsRef(in envelope.Message)));
    }
}

/// <summary>Marks a handler as running (for unregistration, which waits for it), per core and per thread.</summary>
internal static unsafe class IpiDispatch
{
    [ThreadStatic] private static List<IpiHandlerEntry>? t_running; // the entries this thread is inside, innermost last

    /// <summary>
    /// Runs each handler on <paramref name="payload"/>. One handler throwing does not stop the others; then this throws
    /// its exception (or an aggregate of several).
    /// </summary>
    public static void Run(IpiHandlerEntry[] handlers, in IpiContext context, ref byte payload)
    {
        Exception? first = null;
        List<Exception>? more = null;
        foreach (IpiHandlerEntry entry in handlers)
        {
            if (!Enter(entry)) continue;
            try
            {
                ((delegate*<in IpiContext, ref byte, void>)entry.Thunk)(in context, ref payload);
            }
            catch (Exception fault)
            {
                if (first is null) first = fault;
                else (more ??= new List<Exception> { first }).Add(fault);
            }
            finally
            {
                Exit(entry);
            }
        }
        if (more is not null) throw new AggregateException($"{more.Count} handlers of IPI type {context.Type} threw.", more);
        if (first is not null) ExceptionDispatchInfo.Throw(first);
    }

    /// <summary>Starts a run of <paramref name="entry"/>; false if it was unregistered (then it must not run).</summary>
    public static bool Enter(IpiHandlerEntry entry)
    {
        // The increment is a full fence: it pairs with IpiRegistry.Remove (see there).
        Interlocked.Increment(ref entry.Running);
        if (entry.Removed)
        {
            Interlocked.Decrement(ref entry.Running);
            return false;
        }
        (t_running ??= new List<IpiHandlerEntry>(4)).Add(entry);
        return true;
    }

    public static void Exit(IpiHandlerEntry entry)
    {
        t_running!.RemoveAt(t_running.Count - 1);
        Interlocked.Decrement(ref entry.Running);
    }

    /// <summary>How many runs of <paramref name="entry"/> the calling thread is inside.</summary>
    public static int RunsOnThisThread(IpiHandlerEntry entry)
    {
        int runs = 0;
        if (t_running is { } running)
            foreach (IpiHandlerEntry other in running) if (other == entry) runs++;
        return runs;
    }
}
