using System;
using XCall.Tests.Shared;
using Xunit;

namespace XCall.Tests;

/// <summary>
/// Cross calls must not allocate, measured: no call form allocates in steady state, on the caller or on the core.
/// Each test warms the form up (lanes, groups and wait lists are made on first use), then counts the bytes the
/// caller's thread and each core's thread allocate across 100,000 calls, in a window without garbage collections.
/// </summary>
public class AllocationTests
{
    private const int Calls = 100_000;

    public static TheoryData<string, bool> Forms()
    {
        var forms = new TheoryData<string, bool>();
        foreach (string form in new[] { "sync", "async", "broadcast", "async broadcast", "private request", "ipi" })
        {
            forms.Add(form, false);
            forms.Add(form, true); // no poll window: every wait blocks and every idle core parks
        }
        return forms;
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_call_form_allocates_nothing_on_the_caller_or_the_cores_in_steady_state(string form, bool blocking)
    {
        using var runtime = XCallRuntime.Start(new XCallOptions
        {
            Cores = 2,
            QueueCapacity = 64,
            PollWindow = blocking ? TimeSpan.Zero : TimeSpan.FromMicroseconds(50),
        });
        using var ipi = runtime.RegisterIpiHandler<CountMessage, long>(1);
        var probe = new Probe();
        var request = new XCallRequest();
        request.Prepare<Count, long>(0, new CallRefs(probe));
        Action<int> call = form switch
        {
            "sync" => i => runtime.Call<Count, long>(1, i, new CallRefs(probe)),
            "async" => i => Settle(runtime.Post<Count, long>(1, i, new CallRefs(probe)), i),
            "broadcast" => i => runtime.Call<Count, long>(Target.All, i, new CallRefs(probe)),
            "async broadcast" => i => Settle(runtime.Post<Count, long>(Target.All, i, new CallRefs(probe)), i),
            "private request" => i =>
            {
                if (i % 2 == 0) runtime.Call(1, request);
                else runtime.Post(1, request).Wait();
            },
            _ => i => Settle(runtime.SendIpi(1, 1, (long)i), i),
        };

        long callerBytes = 0;
        Wait.Bounded(() =>
        {
            for (int i = 0; i < 10_000; i++) call(i); // warm-up: lanes, groups, waiters and wait lists exist after it
            runtime.WaitForIssued();
            using (NoCollections.Begin())
            {
                long coreBefore0 = AllocatedOn(runtime, 0), coreBefore1 = AllocatedOn(runtime, 1);
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < Calls; i++) call(i);
                callerBytes = GC.GetAllocatedBytesForCurrentThread() - before;
                runtime.WaitForIssued();
                Assert.Equal(0, AllocatedOn(runtime, 0) - coreBefore0);
                Assert.Equal(0, AllocatedOn(runtime, 1) - coreBefore1);
            }
        }, $"{form} calls");
        Assert.Equal(0, callerBytes);
    }

    /// <summary>Waits on every 64th ticket, so async forms also exercise ticket waits without filling the queue.</summary>
    private static void Settle(Ticket ticket, int i)
    {
        if (i % 64 == 63) ticket.Wait();
    }

    /// <summary>The bytes the core's own thread allocated so far (the sampling call itself allocates nothing).</summary>
    private static long AllocatedOn(XCallRuntime runtime, int core) => runtime.Call<AllocatedBytes, long, long>(core, 0);

    private struct AllocatedBytes : ICrossCallHandler<long>
    {
        public static string Name => "Tests.AllocatedBytes";

        public static void Invoke(in long value, ref CallFrame frame) => frame.SetResult(GC.GetAllocatedBytesForCurrentThread());
    }

    private struct CountMessage : IIpiHandler<long>
    {
        public static long Received;

        public static string Name => "Tests.CountMessage";

        public static void Handle(in IpiContext context, in long message) => System.Threading.Interlocked.Increment(ref Received);
    }
}
