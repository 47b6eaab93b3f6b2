using System;
using System.Threading;
using System.Threading.Tasks;
using XCall.Generator.Tests.Infrastructure;
using XCall.Tests.Shared;
using Xunit;
using static XCall.Generator.Tests.Infrastructure.Runtimes;
using XCall.Testing;

namespace XCall.Generator.Tests.EndToEnd;

/// <summary>
/// The generated senders allocate nothing per call, batched (ten calls a batch) and awaited ones included. With cores
/// stepped on the calling thread, one <see cref="GC.GetAllocatedBytesForCurrentThread"/> reading covers the sender and the
/// handler side over 100,000 warm calls, and must read 0. On real cores, the caller reads its own and a handler samples each
/// core's, over fewer calls (this machine's two CPUs are shared, and a sync round trip to a real core costs a context switch
/// when they are busy). Each count is taken in a window without garbage collections (<see cref="NoCollections"/>).
/// </summary>
public sealed class AllocationTests
{
    private static readonly CorePredicate s_onlyCoreOne = static core => core == 1;

    private static readonly XCallRequest s_request = new();

    private static readonly int[] s_awaitedResults = new int[2];

    /// <summary>How many calls the batch form puts in one batch.</summary>
    private const int BatchSize = 10;

    public enum Form
    {
        SyncOneCore,
        TrySyncOneCore,
        SyncAnyCore,
        AsyncOneCore,
        SyncAllWithResults,
        AsyncAll,
        SyncMaskWithCondition,
        PrivateRequest,
        AsyncBatch,
        AwaitedOneCore,
        AwaitedAnyCore,
        AwaitedAllWithResults,
    }

    public static TheoryData<Form> Forms => new(Enum.GetValues<Form>());

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_generated_sender_allocates_nothing_over_100000_calls_to_cores_stepped_on_the_calling_thread(Form form)
    {
        const int Calls = 100_000;
        var chip = new ManualIpiChip();
        using XCallRuntime runtime = Manual(chip, queueCapacity: 256);
        Run(runtime, form, Calls, chip); // warm up: JIT, tiering, and the lanes made on first use

        long allocated;
        using (NoCollections.Begin())
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            Run(runtime, form, Calls, chip);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, allocated);
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_generated_sender_allocates_nothing_on_the_caller_or_on_real_cores(Form form)
    {
        const int Calls = 10_000;
        // Small queues that never grow: a queue that grows, and the pooled state of the async calls it holds in flight
        // (a broadcast's group), allocate while they grow to their most — once, not per call. With 16 calls at most in
        // flight, the warm-up reaches that most even on a loaded machine.
        using XCallRuntime runtime = Threaded(queueCapacity: 16);
        Run(runtime, form, Calls);

        long callerAllocated, core0Allocated, core1Allocated;
        using (NoCollections.Begin())
        {
            long core0 = Counters.AllocatedOnCoreOn(runtime, 0);
            long core1 = Counters.AllocatedOnCoreOn(runtime, 1);
            long caller = GC.GetAllocatedBytesForCurrentThread();
            Run(runtime, form, Calls);
            callerAllocated = GC.GetAllocatedBytesForCurrentThread() - caller;
            core0Allocated = Counters.AllocatedOnCoreOn(runtime, 0) - core0;
            core1Allocated = Counters.AllocatedOnCoreOn(runtime, 1) - core1;
        }

        // Real cores run at their own pace: a core slow to hand pooled call state back (a broadcast's group, an awaited
        // call's completion) makes its pool grow by an object, once, which is not a cost per call. Any object allocated per
        // call would be 24 bytes or more per call: under one byte per call on every thread rules that out.
        Assert.True(callerAllocated < Calls && core0Allocated < Calls && core1Allocated < Calls,
            $"{Calls} calls allocated {callerAllocated} bytes on the caller, {core0Allocated} on core 0, {core1Allocated} on core 1.");
    }

    /// <param name="chip">The chip of a runtime whose cores the test steps, or null for real cores.</param>
    private static void Run(XCallRuntime runtime, Form form, int calls, ManualIpiChip? chip = null)
    {
        Span<int> results = stackalloc int[runtime.CoreCount];
        Memory<int> awaitedResults = s_awaitedResults;
        Ticket last = default;
        CallBatch? batch = null;
        for (int i = 0; i < calls; i++)
        {
            switch (form)
            {
                case Form.SyncOneCore:
                    Counters.AddOn(runtime, 1, 1);
                    break;
                case Form.TrySyncOneCore:
                    Counters.TryAddOn(runtime, 1, 1, out _);
                    break;
                case Form.SyncAnyCore:
                    Counters.AddOnAny(runtime, CoreMask.Of(1), 1);
                    break;
                case Form.AsyncOneCore:
                    last = Counters.IncrementOn(runtime, 1);
                    break;
                case Form.SyncAllWithResults:
                    Counters.WhereAmIOnAll(runtime, results);
                    break;
                case Form.AsyncAll:
                    last = Counters.IncrementOnAll(runtime);
                    break;
                case Form.SyncMaskWithCondition:
                    Counters.AddOnMask(runtime, CoreMask.Range(0, 2), s_onlyCoreOne, 1);
                    break;
                case Form.PrivateRequest:
                    Counters.AddOn(runtime, 1, s_request, 1);
                    break;
                case Form.AsyncBatch:
                    if (i % BatchSize == 0)
                    {
                        batch?.Dispose();
                        batch = runtime.Batch(1);
                    }
                    last = Counters.IncrementOn(batch!);
                    break;
                case Form.AwaitedOneCore:
                    Settle(Counters.AddOnAsync(runtime, 1, 1), chip);
                    break;
                case Form.AwaitedAnyCore:
                    Settle(Counters.AddOnAnyAsync(runtime, CoreMask.Of(1), 1), chip);
                    break;
                case Form.AwaitedAllWithResults:
                    Settle(Counters.WhereAmIOnAllAsync(runtime, awaitedResults), chip);
                    break;
            }
        }
        batch?.Dispose();
        Assert.True(last.Wait(Patience));
    }

    /// <summary>Lets an awaited call finish (stepping the cores, if the test steps them) and takes its result, as an <c>await</c> would.</summary>
    private static void Settle<T>(ValueTask<T> call, ManualIpiChip? chip)
    {
        chip?.RunUntilIdle();
        long giveUp = Environment.TickCount64 + (long)Patience.TotalMilliseconds;
        while (!call.IsCompleted)
        {
            Assert.True(Environment.TickCount64 < giveUp, "An awaited call did not finish.");
            Thread.Yield();
        }
        call.GetAwaiter().GetResult();
    }
}
