namespace XCall.Samples.Multikernel;

/// <summary>The IPI type ids of the sample: one message type per id.</summary>
internal static class MessageTypes
{
    public const int InstanceOnline = 1;
    public const int BlockReady = 2;
    public const int BlockReceived = 3;
}

/// <summary>An instance tells the cores of the other instances that it is up.</summary>
internal readonly record struct InstanceOnline(int Instance);

/// <summary>
/// A block of data for a core of the next instance. The bytes are not in the message: it carries a handle to a pooled
/// buffer (passed by reference, as a kernel passes a page by its frame number), which the receiver takes over with
/// <see cref="SharedBufferPool.Receive"/>.
/// </summary>
internal readonly record struct BlockReady(long Sequence, BufferHandle Block, int Length, uint Checksum);

/// <summary>The receiver's acknowledgement, back to the core that sent the block.</summary>
internal readonly record struct BlockReceived(long Sequence);
