using System.Threading;
using XCall;

namespace XCall.Generator.Tests.EndToEnd;

/// <summary>
/// Passing a reference to a shared buffer instead of copying its bytes: the message carries a handle to a pooled buffer. Ownership moves explicitly: the sender fills the buffer and <see cref="SharedBuffer.Transfer"/>s it, the
/// handler <see cref="SharedBufferPool.Receive"/>s it, reads it and returns it to the pool.
/// </summary>
internal readonly record struct BlockReady(BufferHandle Block, int Length);

internal static partial class BlockChecksums
{
    private static long s_checksum = -1;

    /// <summary>The pool both sides share (set by the test that owns it).</summary>
    public static SharedBufferPool? Pool { get; set; }

    /// <summary>The checksum of the last block received, or −1.</summary>
    public static long Last => Volatile.Read(ref s_checksum);

    public static void Reset() => Volatile.Write(ref s_checksum, -1);

    [IpiHandler(MessageTypes.BlockReady)]
    private static void OnBlockReady(in IpiContext context, in BlockReady message)
    {
        SharedBuffer buffer = Pool!.Receive(message.Block);
        long sum = 0;
        foreach (byte value in buffer.Span[..message.Length]) sum += value;
        buffer.Return();
        Volatile.Write(ref s_checksum, sum);
    }
}
