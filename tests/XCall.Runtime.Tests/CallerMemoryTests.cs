using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Xunit;

namespace XCall.Tests;

/// <summary>
/// A sync caller may leave before its call finished (an interrupt, an exception in its wait). The runtime never writes
/// into memory such a caller may have left: results go to runtime-owned memory, and the caller copies them out.
/// </summary>
public class CallerMemoryTests
{
    private const byte Sentinel = 0x5A;

    public enum Shape
    {
        SmallResult,
        ReferenceResult,
        BroadcastResults,
        PrivateRequest,
    }

    public static TheoryData<Shape> Shapes => new() { Shape.SmallResult, Shape.ReferenceResult, Shape.BroadcastResults, Shape.PrivateRequest };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_sync_caller_interrupted_while_it_waits_finds_its_stack_untouched_when_the_call_finishes_later(Shape shape)
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        using var gate = new ManualResetEventSlim();
        var started = new Probe();
        var finished = new Probe();
        bool intact = false;
        Exception? left = null;
        long after = 0;
        var caller = new Thread(() =>
        {
            try
            {
                CallThatWaits(runtime, shape, new CallRefs(gate, started, finished));
            }
            catch (ThreadInterruptedException error)
            {
                left = error;
            }
            // The frame of the abandoned call is gone; a deeper frame now covers that stack. Fill it and hold it until the
            // core has finished the call, then check nothing was written into it.
            intact = StackStaysIntact(() => Wait.Until(() => finished.Total >= 1, "the abandoned call to finish"));
            after = runtime.Call<Scale, long, long>(1, 7); // the thread's next sync call still works
        }) { IsBackground = true };
        caller.Start();
        Wait.Until(() => started.Total >= 1, "the call to start on core 1");
        Thread.Sleep(50); // let the caller stop spinning and block
        caller.Interrupt();
        Wait.Until(() => left is not null, "the caller to leave its wait");
        gate.Set();
        Assert.True(caller.Join(Wait.Generous));
        Assert.True(intact, "the late result was written into the stack of a caller that had left");
        Assert.Equal(71, after);
    }

    private static void CallThatWaits(XCallRuntime runtime, Shape shape, CallRefs refs)
    {
        switch (shape)
        {
            case Shape.SmallResult:
                runtime.Call<SlowWide, long, Wide>(1, 0, refs);
                break;
            case Shape.ReferenceResult:
                runtime.Call<SlowText, long, string>(1, 0, refs);
                break;
            case Shape.BroadcastResults:
                Span<Wide> results = stackalloc Wide[2];
                runtime.Call<SlowWide, long, Wide>(Target.InMask(CoreMask.Of(1)), 0, results, refs);
                break;
            case Shape.PrivateRequest:
                var request = new XCallRequest();
                request.Prepare<SlowWide, long>(0, refs);
                runtime.Call<Wide>(1, request);
                break;
        }
    }

    /// <summary>Runs <paramref name="hold"/> under a stack frame filled with a pattern; whether the pattern survived.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool StackStaysIntact(Action hold)
    {
        Span<byte> cover = stackalloc byte[16 * 1024];
        cover.Fill(Sentinel);
        hold();
        return cover.IndexOfAnyExcept(Sentinel) < 0;
    }

    /// <summary>A 40-byte result (the largest that travels inline in a reply).</summary>
    public unsafe struct Wide
    {
        public fixed byte Bytes[40];
    }

    /// <summary>Waits for the gate in reference 0 (counting in 1 when it starts and in 2 when it ends), then returns a 40-byte pattern.</summary>
    private unsafe struct SlowWide : ICrossCallHandler<long>
    {
        public static string Name => "Tests.SlowWide";

        public static void Invoke(in long value, ref CallFrame frame)
        {
            frame.Ref<Probe>(1)!.Count(frame.Core);
            if (!frame.Ref<ManualResetEventSlim>(0)!.Wait(Wait.Generous)) throw new TimeoutException("never released");
            Wide wide = default;
            new Span<byte>(wide.Bytes, 40).Fill(0xAB);
            frame.SetResult(wide);
            frame.Ref<Probe>(2)!.Count(frame.Core);
        }
    }

    private struct SlowText : ICrossCallHandler<long>
    {
        public static string Name => "Tests.SlowText";

        public static void Invoke(in long value, ref CallFrame frame)
        {
            frame.Ref<Probe>(1)!.Count(frame.Core);
            if (!frame.Ref<ManualResetEventSlim>(0)!.Wait(Wait.Generous)) throw new TimeoutException("never released");
            frame.SetResult("late");
            frame.Ref<Probe>(2)!.Count(frame.Core);
        }
    }
}
