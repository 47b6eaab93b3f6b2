using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
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

    public IpiHandlerEntry Add(int type, nint thunk, Type messageType, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(type);
        lock (_lock)
        {
            IpiHandlerEntry[] existing = _byType.GetValueOrDefault(type) ?? [];
            if (existing.Length != 0 && existing[0].MessageType != messageType)
                throw new InvalidOperationException($"IPI type {type} carries {existing[0].MessageType.Name} messages; {name} handles {messageType.Name}. Use another type id.");
            var entry = new IpiHandlerEntry(type, thunk, messageType, name);
            Publish(type, [.. existing, entry]);
            return entry;
        }
    }

    /// <summary>Removes a handler and waits until no core runs it, unless the caller is that core.</summary>
    public void Remove(IpiHandlerEntry entry)
    {
        lock (_lock)
        {
            if (entry.Removed) return;
            entry.Removed = true;
            IpiHandlerEntry[] remaining = Array.FindAll(_byType.GetValueOrDefault(entry.Type) ?? [], e => e != entry);
            Publish(entry.Type, remaining);
        }
        // The heavy half of an asymmetric Dekker with every core: a core publishes the entry it is about to run,
        // then reads Removed with no fence. After this barrier a core either saw Removed, or we see it running.
        Interlocked.MemoryBarrierProcessWide();
        Core? self = _runtime.CurrentCoreHere;
        var spinner = new SpinWait();
        foreach (Core core in _runtime.Cores)
        {
            if (core == self) continue; // a handler unregistering itself cannot wait for itself
            while (core.RunningIpi == entry) spinner.SpinOnce();
        }
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
internal sealed class IpiHandlerEntry(int type, nint thunk, Type messageType, string name)
{
    public int Type { get; } = type;

    /// <summary>A <c>delegate*&lt;in IpiContext, ref byte, void&gt;</c> specialised for the handler.</summary>
    public nint Thunk { get; } = thunk;

    public Type MessageType { get; } = messageType;

    public string Name { get; } = name;

    public volatile bool Removed;
}

/// <summary>The per-handler thunk a registry entry points at.</summary>
internal static unsafe class IpiThunks<THandler, TMessage>
    where THandler : IIpiHandler<TMessage>
    where TMessage : unmanaged
{
    public static readonly nint Pointer = (nint)(delegate*<in IpiContext, ref byte, void>)&Invoke;

    private static void Invoke(in IpiContext context, ref byte payload) => THandler.Handle(in context, in Unsafe.As<byte, TMessage>(ref payload));
}

/// <summary>
/// The thunk every IPI message slot carries: looks up the handlers of the message's type and runs each of them.
/// One handler throwing does not stop the others; the call then faults with its exception (or an aggregate).
/// </summary>
internal static unsafe class IpiDispatch<TMessage> where TMessage : unmanaged
{
    public static readonly nint Pointer = HandlerNames.Register((nint)(delegate*<ref CallFrame, void>)&Dispatch, $"IPI message {typeof(TMessage).Name}");

    private static void Dispatch(ref CallFrame frame)
    {
        int type = (int)frame.Auxiliary;
        IpiHandlerEntry[]? handlers = frame.Runtime.Ipi.HandlersOf(type);
        if (handlers is null) return;
        Core core = frame.Runtime.CoreAt(frame.Core);
        var context = new IpiContext(frame.Runtime, frame.Core, frame.SenderCore, type);
        ref byte payload = ref Unsafe.As<TMessage, byte>(ref Unsafe.AsRef(in frame.Args<TMessage>()));
        Exception? first = null;
        List<Exception>? more = null;
        foreach (IpiHandlerEntry entry in handlers)
        {
            IpiHandlerEntry? outer = core.RunningIpi;
            core.RunningIpi = entry; // the light half of the Dekker in IpiRegistry.Remove
            try
            {
                if (!entry.Removed) ((delegate*<in IpiContext, ref byte, void>)entry.Thunk)(in context, ref payload);
            }
            catch (Exception fault)
            {
                if (first is null) first = fault;
                else (more ??= new List<Exception> { first }).Add(fault);
            }
            finally
            {
                core.RunningIpi = outer;
            }
        }
        if (more is not null) throw new AggregateException($"{more.Count} handlers of IPI type {type} threw.", more);
        if (first is not null) ExceptionDispatchInfo.Throw(first);
    }
}
