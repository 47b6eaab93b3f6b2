using System;
using System.Threading;

namespace XCall.Samples.Multikernel;

/// <summary>
/// The handlers both processes run: typed IPI messages from the other instance arrive here exactly as local ones do,
/// and answers go back with the generated <c>IpiHandlers.SendToInstance</c> to the instance and core the context names.
/// </summary>
internal static partial class Kernel
{
    // An IPI handler receives only its context and message, so what the process records is reached from here.
    public static Ledger Ledger { get; } = new();

    [IpiHandler(MessageTypes.Ping)]
    private static void OnPing(in IpiContext context, in Ping ping) =>
        IpiHandlers.SendToInstance(context.Runtime, context.SenderInstance, Math.Max(0, context.SenderCore), new Pong(ping.Sequence));

    [IpiHandler(MessageTypes.Pong)]
    private static void OnPong(in IpiContext context, in Pong pong)
    {
        Interlocked.Increment(ref Ledger.Pongs);
        Volatile.Write(ref Ledger.LastPong, pong.Sequence);
    }

    [IpiHandler(MessageTypes.Numbered)]
    private static void OnNumbered(in IpiContext context, in Numbered message) => Ledger.RecordNumbered(message.Stream, message.Sequence);

    /// <summary>Takes the other instance's buffer over (same bytes, mapped here), checks it, returns it to its pool, acknowledges.</summary>
    [IpiHandler(MessageTypes.BlockReady)]
    private static void OnBlockReady(in IpiContext context, in BlockReady message)
    {
        SharedBuffer buffer = context.Runtime.Multikernel!.ReceiveBuffer(message.Block);
        bool intact = BlockContent.Checksum(buffer.Span[..message.Length]) == message.Checksum;
        buffer.Return();
        Interlocked.Increment(ref intact ? ref Ledger.BlocksIntact : ref Ledger.BlocksDamaged);
        IpiHandlers.SendToInstance(context.Runtime, context.SenderInstance, Math.Max(0, context.SenderCore), new BlockReceived(message.Sequence, intact));
    }

    [IpiHandler(MessageTypes.BlockReceived)]
    private static void OnBlockReceived(in IpiContext context, in BlockReceived message) =>
        Interlocked.Increment(ref message.Intact ? ref Ledger.Acknowledged : ref Ledger.AcknowledgedDamaged);

    [IpiHandler(MessageTypes.ReportRequest)]
    private static void OnReportRequest(in IpiContext context, in ReportRequest request) =>
        IpiHandlers.SendToInstance(context.Runtime, context.SenderInstance, Math.Max(0, context.SenderCore), Ledger.ToReport());

    [IpiHandler(MessageTypes.Report)]
    private static void OnReport(in IpiContext context, in Report report) => Ledger.RecordPeerReport(in report);
}
