namespace XCall;

/// <summary>What an IPI handler knows about the message it handles besides its payload.</summary>
public readonly struct IpiContext
{
    internal IpiContext(XCallRuntime runtime, int core, int senderCore, int type)
    {
        Runtime = runtime;
        Core = core;
        SenderCore = senderCore;
        Type = type;
    }

    /// <summary>The runtime the message arrived in.</summary>
    public XCallRuntime Runtime { get; }

    /// <summary>The core the handler runs on.</summary>
    public int Core { get; }

    /// <summary>The core that sent the message, or −1 when a thread that is not a core sent it.</summary>
    public int SenderCore { get; }

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
