namespace XCall.Samples.Multikernel;

/// <summary>
/// The code every instance runs. The driver starts work on a core with a cross call (<c>AnnounceOn</c>,
/// <c>SendBlocksOn</c>); from there cores talk only in typed IPI messages, sent with the generated
/// <c>IpiHandlers.Send…</c> senders and handled by the <see cref="IpiHandlerAttribute"/> methods below.
/// </summary>
internal static partial class Kernel
{
    // An IPI handler receives only its context and message, so what the run shares is reached from here.
    private static InstanceLayout s_layout;
    private static SharedBufferPool s_pool = null!;
    private static Ledger s_ledger = null!;

    /// <summary>Hands the run's state to the handlers and registers all of them (the generated dispatch table).</summary>
    public static IpiHandlers.Registrations Boot(XCallRuntime runtime, InstanceLayout layout, SharedBufferPool pool, Ledger ledger)
    {
        s_layout = layout;
        s_pool = pool;
        s_ledger = ledger;
        return IpiHandlers.Register(runtime);
    }

    /// <summary>Tells every core of the other instances that this core's instance is up (one message to a core mask).</summary>
    [CrossCall(CallMode.Async)]
    private static void Announce()
    {
        XCallRuntime runtime = XCallRuntime.Current!; // the runtime this core belongs to
        int instance = s_layout.InstanceOf(XCallRuntime.CurrentCoreId);
        IpiHandlers.SendToMask(runtime, runtime.OnlineCores & ~s_layout.CoresOf(instance), new InstanceOnline(instance));
    }

    /// <summary>
    /// Sends blocks <paramref name="firstSequence"/> onwards to the next instance: fill a pooled buffer, give it up
    /// (<see cref="SharedBuffer.Transfer"/>) and send its handle. The driver sizes each round to the pool, so a buffer is always free.
    /// </summary>
    [CrossCall(CallMode.Async)]
    private static void SendBlocks(long firstSequence, int count)
    {
        XCallRuntime runtime = XCallRuntime.Current!;
        int core = XCallRuntime.CurrentCoreId;
        for (long sequence = firstSequence; sequence < firstSequence + count; sequence++)
        {
            SharedBuffer buffer = s_pool.Rent();
            int length = BlockContent.LengthOf(sequence);
            uint checksum = BlockContent.Fill(buffer.Span[..length], sequence);
            IpiHandlers.Send(runtime, s_layout.PeerCore(core, sequence), new BlockReady(sequence, buffer.Transfer(), length, checksum));
            s_ledger.Traffic.Local.Sent++;
        }
    }

    [IpiHandler(MessageTypes.InstanceOnline)]
    private static void OnInstanceOnline(in IpiContext context, in InstanceOnline message) =>
        s_ledger.RecordGreeting(context.Core, context.SenderCore, message.Instance);

    /// <summary>Takes the buffer over, checks it, gives it back to the pool and acknowledges the block to its sender.</summary>
    [IpiHandler(MessageTypes.BlockReady)]
    private static void OnBlockReady(in IpiContext context, in BlockReady message)
    {
        SharedBuffer buffer = s_pool.Receive(message.Block);
        bool intact = BlockContent.Checksum(buffer.Span[..message.Length]) == message.Checksum;
        buffer.Return();
        s_ledger.RecordDelivery(context.Core, context.SenderCore, message, intact);
        IpiHandlers.Send(context.Runtime, context.SenderCore, new BlockReceived(message.Sequence));
    }

    [IpiHandler(MessageTypes.BlockReceived)]
    private static void OnBlockReceived(in IpiContext context, in BlockReceived message) =>
        s_ledger.RecordAcknowledgement(context.Core, context.SenderCore, message.Sequence);
}
