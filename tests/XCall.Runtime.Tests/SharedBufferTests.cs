using System;
using Xunit;

namespace XCall.Tests;

public class SharedBufferTests
{
    [Fact]
    public void A_buffer_transferred_by_handle_is_received_with_its_contents()
    {
        var pool = new SharedBufferPool(bufferSize: 4096, bufferCount: 2);
        SharedBuffer sent = pool.Rent();
        sent.Span.Fill(0xAB);
        BufferHandle handle = sent.Transfer();
        SharedBuffer received = pool.Receive(handle);
        Assert.True(received.IsOwned);
        Assert.All(received.Span.ToArray(), b => Assert.Equal(0xAB, b));
        received.Return();
        Assert.Equal(2, pool.Available);
    }

    [Fact]
    public void The_sender_cannot_touch_a_buffer_after_transferring_it()
    {
        var pool = new SharedBufferPool(64, 1);
        SharedBuffer sent = pool.Rent();
        BufferHandle handle = sent.Transfer();
        Assert.False(sent.IsOwned);
        Assert.Throws<InvalidOperationException>(() => sent.Span.Clear());
        Assert.Throws<InvalidOperationException>(() => sent.Transfer());
        Assert.Throws<InvalidOperationException>(() => sent.Return());
        SharedBuffer received = pool.Receive(handle);
        Assert.Throws<InvalidOperationException>(() => sent.Span.Clear()); // still stale once received
        received.Return();
    }

    [Fact]
    public void A_handle_can_be_received_only_once()
    {
        var pool = new SharedBufferPool(64, 1);
        BufferHandle handle = pool.Rent().Transfer();
        pool.Receive(handle).Return();
        Assert.Throws<InvalidOperationException>(() => pool.Receive(handle));
    }

    [Fact]
    public void A_handle_of_another_pool_or_an_empty_handle_is_rejected()
    {
        var pool = new SharedBufferPool(64, 1);
        var other = new SharedBufferPool(64, 1);
        BufferHandle handle = other.Rent().Transfer();
        Assert.Throws<ArgumentException>(() => pool.Receive(handle));
        Assert.Throws<ArgumentException>(() => pool.Receive(default));
        Assert.True(default(BufferHandle).IsEmpty);
    }

    [Fact]
    public void An_exhausted_pool_says_so()
    {
        var pool = new SharedBufferPool(64, 2);
        SharedBuffer a = pool.Rent(), b = pool.Rent();
        Assert.False(pool.TryRent(out _));
        Assert.Throws<InvalidOperationException>(() => pool.Rent());
        a.Return();
        Assert.True(pool.TryRent(out SharedBuffer c));
        b.Return();
        c.Return();
        Assert.Equal(2, pool.Available);
    }

    [Fact]
    public void A_buffer_travels_between_cores_inside_a_message_without_copying()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var pool = new SharedBufferPool(1024, 4);
        SharedBuffer buffer = pool.Rent();
        for (int i = 0; i < 1024; i++) buffer.Span[i] = (byte)i;
        long sum = runtime.Call<SumBuffer, BufferHandle, long>(1, buffer.Transfer(), new CallRefs(pool));
        Assert.Equal(Enumerable(1024), sum);
        Assert.Equal(4, pool.Available); // the receiving core returned it
    }

    [Fact]
    public void Renting_transferring_receiving_and_returning_allocate_nothing()
    {
        var pool = new SharedBufferPool(64, 4);
        for (int i = 0; i < 100; i++) pool.Receive(pool.Rent().Transfer()).Return();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++) pool.Receive(pool.Rent().Transfer()).Return();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static long Enumerable(int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++) sum += (byte)i;
        return sum;
    }

    private struct SumBuffer : ICrossCallHandler<BufferHandle>
    {
        public static string Name => "Tests.SumBuffer";

        public static void Invoke(in BufferHandle handle, ref CallFrame frame)
        {
            SharedBuffer buffer = frame.Ref<SharedBufferPool>(0)!.Receive(handle);
            long sum = 0;
            foreach (byte b in buffer.Span) sum += b;
            buffer.Return();
            frame.SetResult(sum);
        }
    }
}
