namespace XCall.Samples.Multikernel;

/// <summary>The IPI type ids of the sample: one message type per id, the same in both processes.</summary>
internal static class MessageTypes
{
    public const int Ping = 1;
    public const int Pong = 2;
    public const int Numbered = 3;
    public const int BlockReady = 4;
    public const int BlockReceived = 5;
    public const int ReportRequest = 6;
    public const int Report = 7;
}

/// <summary>A round trip: the receiving core answers with a <see cref="Pong"/> to the sending instance.</summary>
internal readonly record struct Ping(long Sequence);

internal readonly record struct Pong(long Sequence);

/// <summary>One message of a numbered stream (the throughput run): the receiver checks each stream arrives once and in order.</summary>
internal readonly record struct Numbered(int Stream, long Sequence);

/// <summary>
/// A block of data in one of the sender's shared buffers. The bytes are not in the message: it carries a handle to the
/// buffer (passed by reference, as a kernel passes a page by its frame number), which the other process maps too.
/// </summary>
internal readonly record struct BlockReady(long Sequence, BufferHandle Block, int Length, uint Checksum);

/// <summary>The receiver's acknowledgement, back to the instance that sent the block.</summary>
internal readonly record struct BlockReceived(long Sequence, bool Intact);

/// <summary>Asks the other instance what it received; it answers with a <see cref="Report"/>.</summary>
internal readonly record struct ReportRequest(int Unused);

internal readonly record struct Report(long Numbered, long OutOfOrder, long BlocksIntact, long BlocksDamaged);
