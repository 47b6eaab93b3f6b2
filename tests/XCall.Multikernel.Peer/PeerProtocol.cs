using System;
using System.Threading;

namespace XCall.Multikernel.Peer;

/// <summary>The IPI type ids the peer and the tests share (compiled into both, so both generate the same senders).</summary>
internal static class MessageTypes
{
    public const int Ping = 1;
    public const int Pong = 2;
    public const int Numbered = 3;
    public const int Block = 4;
    public const int BlockChecked = 5;
}

/// <summary>Asks for a <see cref="Pong"/> back to the sender's core.</summary>
internal readonly record struct Ping(long Sequence);

internal readonly record struct Pong(long Sequence);

/// <summary>One of a numbered stream: the receiver checks that each stream arrives once, complete and in order.</summary>
internal readonly record struct Numbered(int Stream, long Sequence);

/// <summary>A shared buffer passed by handle: the receiver checks it, returns it to its pool and answers with <see cref="BlockChecked"/>.</summary>
internal readonly record struct Block(long Sequence, BufferHandle Buffer, int Length, uint Checksum);

internal readonly record struct BlockChecked(long Sequence, bool Intact);

/// <summary>
/// The handlers of both sides. What a run counts lives in <see cref="Current"/>, which the process (or the test) sets
/// before joining; the handlers answer pings and blocks to the sender's instance and core.
/// </summary>
internal static partial class PeerProtocol
{
    public static PeerCounters Current { get; set; } = new();

    [IpiHandler(MessageTypes.Ping)]
    private static void OnPing(in IpiContext context, in Ping ping)
    {
        Interlocked.Increment(ref Current.Pings);
        IpiHandlers.SendToInstance(context.Runtime, context.SenderInstance, ReplyCore(context), new Pong(ping.Sequence));
    }

    [IpiHandler(MessageTypes.Pong)]
    private static void OnPong(in IpiContext context, in Pong pong)
    {
        Interlocked.Increment(ref Current.Pongs);
        Volatile.Write(ref Current.LastPong, pong.Sequence);
    }

    [IpiHandler(MessageTypes.Numbered)]
    private static void OnNumbered(in IpiContext context, in Numbered message) => Current.Record(message.Stream, message.Sequence);

    [IpiHandler(MessageTypes.Block)]
    private static void OnBlock(in IpiContext context, in Block block)
    {
        MultikernelInstance instance = context.Runtime.Multikernel!;
        SharedBuffer buffer = instance.ReceiveBuffer(block.Buffer);
        bool intact = block.Length <= buffer.Span.Length && Checksum(buffer.Span[..block.Length]) == block.Checksum;
        buffer.Return();
        if (intact) Interlocked.Increment(ref Current.IntactBlocks);
        IpiHandlers.SendToInstance(context.Runtime, context.SenderInstance, ReplyCore(context), new BlockChecked(block.Sequence, intact));
    }

    [IpiHandler(MessageTypes.BlockChecked)]
    private static void OnBlockChecked(in IpiContext context, in BlockChecked result)
    {
        if (result.Intact) Interlocked.Increment(ref Current.BlocksConfirmed);
        else Interlocked.Increment(ref Current.BlocksDamaged);
    }

    /// <summary>Fills <paramref name="block"/> with bytes derived from <paramref name="sequence"/>; returns its checksum.</summary>
    public static uint Fill(Span<byte> block, long sequence)
    {
        for (int i = 0; i < block.Length; i++) block[i] = (byte)(sequence * 31 + i * 7);
        return Checksum(block);
    }

    /// <summary>FNV-1a: a changed, lost or reordered byte changes it.</summary>
    public static uint Checksum(ReadOnlySpan<byte> block)
    {
        uint hash = 2166136261;
        foreach (byte value in block) hash = (hash ^ value) * 16777619;
        return hash;
    }

    /// <summary>Answers go to the core that sent; a thread that is not a core gets them on core 0.</summary>
    private static int ReplyCore(in IpiContext context) => Math.Max(0, context.SenderCore);
}

/// <summary>What one side of a run received.</summary>
internal sealed class PeerCounters
{
    private const int Streams = 16;

    private readonly long[] _next = new long[Streams];  // the next sequence expected, per stream
    public long Pings;
    public long Pongs;
    public long LastPong = -1;
    public long IntactBlocks;
    public long BlocksConfirmed;
    public long BlocksDamaged;
    public long Numbered;
    public long OutOfOrder;

    /// <summary>Counts a numbered message; one that is not the next of its stream (lost, repeated, reordered) is an error.</summary>
    public void Record(int stream, long sequence)
    {
        if ((uint)stream >= Streams || sequence != _next[stream]) Interlocked.Increment(ref OutOfOrder);
        else _next[stream]++;
        Interlocked.Increment(ref Numbered);
    }
}
