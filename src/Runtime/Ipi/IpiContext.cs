namespace XCall;

/// <summary>What an IPI handler knows about the message it handles besides its payload.</summary>
public readonly struct IpiContext
{
    internal IpiContext(XCallRuntime runtime, int core, int senderCore, int type, int senderInstance)
    {
        Runtime = runtime;
        Core = core;
        SenderCore = senderCore;
        Type = type;
        SenderInstance = senderInstance;
    }

    /// <summary>The runtime the message arrived in.</summary>
    public XCallRuntime Runtime { get; }

    /// <summary>The core the handler runs on.</summary>
    public int Core { get; }

    /// <summary>The core that sent the message (in <see cref="SenderInstance"/>), or −1 when a thread that is not a core sent it.</summary>
    public int SenderCore { get; }

    /// <summary>
    /// The multikernel instance that sent the message: another instance's id for a message that came from another
    /// process, this runtime's own instance id for a message sent inside the process, or −1 when the runtime has not
    /// joined a multikernel. A reply to <c>(SenderInstance, SenderCore)</c> through <c>IpiHandlers.SendToInstance</c>
    /// reaches the sender either way.
    /// </summary>
    public int SenderInstance { get; }

    /// <summary>The message type id.</summary>
    public int Type { get; }
}

/// <summary>
/// A handler of typed IPI messages: a message type id with an unmanaged payload, run on every core it is sent to. The XCall generator writes one per
/// <see cref="IpiHandlerAttribute"/> method; register it with <see cref="XCallRuntime.RegisterIpiHandler{THandler, TMessage}(int)"/>.
/// </summary>
/// <typeparam name="TMessage">The message payload, an unmanaged struct of at most <see cref="XCallRuntime.MaxPayloadSize"/> bytes.</typeparam>
public interface IIpiHandler<TMessage> where TMessage : unmanaged
{
    /// <summary>The name reports show, for example <c>Instances.OnPageOffer</c>.</summary>
    static abstract string Name { get; }

    /// <summary>Handles one message on the receiving core.</summary>
    static abstract void Handle(in IpiContext context, in TMessage message);
}
