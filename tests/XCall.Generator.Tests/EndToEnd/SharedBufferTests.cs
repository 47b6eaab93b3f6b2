using System;
using Xunit;
using static XCall.Generator.Tests.Infrastructure.Runtimes;

namespace XCall.Generator.Tests.EndToEnd;

/// <summary>A message carries a handle to a pooled buffer instead of its bytes; ownership moves explicitly.</summary>
public sealed class SharedBufferTests : IDisposable
{
    private const int Length = 1000;
    private readonly XCallRuntime _runtime = Threaded();
    private readonly SharedBufferPool _pool = new(bufferSize: 4096, bufferCount: 2);
    private readonly IpiHandlers.Registrations _handlers;

    public SharedBufferTests()
    {
        BlockChecksums.Pool = _pool;
        BlockChecksums.Reset();
        _handlers = IpiHandlers.Register(_runtime);
    }

    public void Dispose()
    {
        _handlers.Dispose();
        _runtime.Dispose();
    }

    [Fact]
    public void A_buffer_moves_to_another_core_by_handle_and_the_receiver_returns_it_to_the_pool()
    {
        (BufferHandle handle, long checksum) = FillAndTransfer();

        Assert.True(IpiHandlers.Send(_runtime, 1, new BlockReady(handle, Length)).Wait(Patience));

        Assert.Equal(checksum, BlockChecksums.Last);
        Assert.Equal(_pool.Capacity, _pool.Available);
    }

    [Fact]
    public void The_sender_no_longer_owns_a_buffer_it_transferred()
    {
        SharedBuffer buffer = _pool.Rent();

        buffer.Transfer();

        Assert.False(buffer.IsOwned);
        Assert.Throws<InvalidOperationException>(() => buffer.Span.Length);
        Assert.Throws<InvalidOperationException>(() => buffer.Return());
    }

    [Fact]
    public void Receiving_a_handle_twice_is_an_error()
    {
        (BufferHandle handle, _) = FillAndTransfer();
        Assert.True(IpiHandlers.Send(_runtime, 1, new BlockReady(handle, Length)).Wait(Patience));

        Assert.Throws<InvalidOperationException>(() => _pool.Receive(handle));

        Ticket again = IpiHandlers.Send(_runtime, 0, new BlockReady(handle, Length));
        Assert.Throws<InvalidOperationException>(() => again.Wait(Patience));
    }

    private (BufferHandle Handle, long Checksum) FillAndTransfer()
    {
        SharedBuffer buffer = _pool.Rent();
        long checksum = 0;
        for (int i = 0; i < Length; i++)
        {
            buffer.Span[i] = (byte)i;
            checksum += (byte)i;
        }
        return (buffer.Transfer(), checksum);
    }
}
