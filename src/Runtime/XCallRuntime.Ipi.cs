using System;
using System.Runtime.CompilerServices;

namespace XCall;

// Typed IPI messages: a type id plus an unmanaged payload of up to MaxPayloadSize bytes, delivered with the sender's
// core to every handler registered for that type on each target core (as kernel instances exchange typed messages).
public sealed partial class XCallRuntime
{
    internal IpiRegistry Ipi { get; }

    /// <summary>
    /// Registers <typeparamref name="THandler"/> for messages of type <paramref name="type"/>. Several handlers may share a
    /// type id (all of them run, in registration order); a type id carries one message type while it has handlers.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The type id is bound to another message type, or <typeparamref name="THandler"/> is already registered for it.</exception>
    public IpiRegistration RegisterIpiHandler<THandler, TMessage>(int type)
        where THandler : IIpiHandler<TMessage>
        where TMessage : unmanaged
    {
        CheckPayload<TMessage>();
        ThrowIfDisposed();
        IpiHandlerEntry entry = Ipi.Add(type, IpiThunks<THandler, TMessage>.Pointer, typeof(TMessage), Unsafe.SizeOf<TMessage>(), THandler.Name);
        return new IpiRegistration(Ipi, entry);
    }

    /// <summary>
    /// Sends a typed message to the cores of <paramref name="target"/> and returns at once with a ticket that completes
    /// when every handler ran on every target (faulted if one threw). A message that finds no handler registered for its
    /// type on a target faults there (<see cref="InvalidOperationException"/>), so a forgotten registration never reads as success.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is negative, or a core id is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="type"/> is bound to another message type, or the mask is empty.</exception>
    public Ticket SendIpi<TMessage>(in Target target, int type, in TMessage message, CallPriority priority = CallPriority.Normal)
        where TMessage : unmanaged
    {
        CheckIpiType<TMessage>(type);
        var envelope = new IpiEnvelope<TMessage>(type, message);
        Multicast<IpiEnvelope<TMessage>, NoResult>(in target, IpiDispatch<TMessage>.Pointer, in envelope, default, priority, Finish.Ticket, tryForm: false, default, out Ticket ticket, out _);
        return ticket;
    }

    /// <summary>Like <see cref="SendIpi{TMessage}(in Target, int, in TMessage, CallPriority)"/>, but never waits for queue room: false when a target queue is full (then nothing is sent, to any core).</summary>
    /// <param name="target">Where to send it.</param>
    /// <param name="type">The message type id.</param>
    /// <param name="message">The payload, copied into each target's slot.</param>
    /// <param name="ticket">The ticket of the accepted message; a completed ticket when nothing was sent.</param>
    /// <param name="priority">The queue to use on each core.</param>
    public bool TrySendIpi<TMessage>(in Target target, int type, in TMessage message, out Ticket ticket, CallPriority priority = CallPriority.Normal)
        where TMessage : unmanaged
    {
        CheckIpiType<TMessage>(type);
        var envelope = new IpiEnvelope<TMessage>(type, message);
        return Multicast<IpiEnvelope<TMessage>, NoResult>(in target, IpiDispatch<TMessage>.Pointer, in envelope, default, priority, Finish.Ticket, tryForm: true, default, out ticket, out _) == CallStatus.Accepted;
    }

    private void CheckIpiType<TMessage>(int type) where TMessage : unmanaged
    {
        CheckPayload<TMessage>();
        ArgumentOutOfRangeException.ThrowIfNegative(type);
        if (Ipi.HandlersOf(type) is [var first, ..] && first.MessageType != typeof(TMessage))
            throw new ArgumentException($"IPI type {type} carries {first.MessageType.Name} messages, not {typeof(TMessage).Name}.", nameof(type));
    }
}
