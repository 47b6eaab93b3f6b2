using System;
using System.Linq;
using Xunit;
using static XCall.Generator.Tests.Infrastructure.Runtimes;

namespace XCall.Generator.Tests.EndToEnd;

/// <summary>The batch senders (an async method's <c>…On(CallBatch, …)</c>) against real cores with a small queue.</summary>
public sealed class BatchTests : IDisposable
{
    private readonly XCallRuntime _runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, QueueCapacity = 16, Name = "generator-tests-batches" });

    public BatchTests() => Counters.Reset();

    public void Dispose() => _runtime.Dispose();

    [Fact]
    public void Batched_calls_run_exactly_once_each_in_the_order_they_were_posted_though_every_batch_outgrows_the_queue()
    {
        const int Batches = 10, PerBatch = 1000;
        Ticket last = default;
        for (int b = 0; b < Batches; b++)
        {
            using CallBatch batch = _runtime.Batch(1);
            for (int i = 0; i < PerBatch; i++) last = Counters.NoteOn(batch, b * PerBatch + i);
        }

        Assert.True(last.Wait(Patience));
        Assert.Equal(Enumerable.Range(0, Batches * PerBatch), Counters.NotesOn(1));
        Assert.Empty(Counters.NotesOn(0));
    }

    [Fact]
    public void A_sync_call_made_while_a_batch_is_open_publishes_the_batch_first()
    {
        using CallBatch batch = _runtime.Batch(1);
        for (int i = 0; i < 3; i++) Counters.IncrementOn(batch);

        Assert.Equal(3, Counters.AddOn(_runtime, 1, 0)); // would never return if it waited behind unpublished calls
    }
}
