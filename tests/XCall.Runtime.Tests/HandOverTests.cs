using System;
using System.Linq;
using System.Threading;
using Xunit;
using XCall.Testing;

namespace XCall.Tests;

/// <summary>
/// A core waiting on a sync call keeps running its own queue. The calls it runs meanwhile may send through the lane the
/// waiting call used, and lap it once that call finished but before the waiting caller collected it. The waiting
/// caller must still get its result or its exception (the sender hands them over before reusing the slot).
/// </summary>
public class HandOverTests
{
    private const int Capacity = 4;
    private const long Refused = -1;

    [Theory]
    [InlineData(42)]
    [InlineData(Refused)]
    public void On_real_cores_a_sync_outcome_reaches_a_caller_whose_lane_was_lapped_while_it_waited(long answer)
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, QueueCapacity = Capacity });
        using var lapping = new ManualResetEventSlim();
        var probe = new Probe();
        // Core 1's answer waits until core 0 has started lapping their lane, so the lap surely happens while core 0 waits.
        Wait.Bounded(() => runtime.Call<AskForValue, long>(0, answer, new CallRefs(probe, lapping)), "a lapped sync call");
        Assert.Equal(answer, ValueSeenBy(probe, core: 0));
        Assert.Equal(3 * Capacity, probe.On(1));
    }

    [Theory]
    [InlineData(42)]
    [InlineData(Refused)]
    public void Stepped_by_hand_a_sync_outcome_reaches_a_caller_whose_lane_was_lapped_while_it_waited(long answer)
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, QueueCapacity = Capacity, Chip = chip });
        var probe = new Probe();
        // Core 0 runs AskForValue first; while it waits on core 1 it runs Lap (queued right behind it), and Lap's calls
        // are stepped after core 1 answered: they lap the lane before AskForValue looks again.
        _ = runtime.Post<AskForValue, long>(0, answer, new CallRefs(probe));
        _ = runtime.Post<Lap, long>(0, 0, new CallRefs(probe));
        chip.RunUntilIdle();
        Assert.Equal(answer, ValueSeenBy(probe, core: 0));
        Assert.Equal(3 * Capacity, probe.On(1));
    }

    private static long ValueSeenBy(Probe probe, int core) => probe.Seen.Single(s => s.Core == core).Value;

    /// <summary>On core 0: asks core 1 for a value with a sync call and records what came back (or <see cref="Refused"/>).</summary>
    private struct AskForValue : ICrossCallHandler<long>
    {
        public static string Name => "Tests.AskForValue";

        public static void Invoke(in long answer, ref CallFrame frame)
        {
            Probe probe = frame.Ref<Probe>(0)!;
            try
            {
                probe.Hit(frame.Core, frame.Runtime.Call<GiveValue, long, long>(1, answer, new CallRefs(probe, frame.Ref<ManualResetEventSlim>(1))));
            }
            catch (InvalidOperationException fault) when (fault.Message == "value refused")
            {
                probe.Hit(frame.Core, Refused);
            }
        }
    }

    /// <summary>On core 1: with an event, first has core 0 start lapping and waits until it did; then answers or refuses.</summary>
    private struct GiveValue : ICrossCallHandler<long>
    {
        public static string Name => "Tests.GiveValue";

        public static void Invoke(in long answer, ref CallFrame frame)
        {
            if (frame.Ref<ManualResetEventSlim>(1) is { } lapping)
            {
                _ = frame.Runtime.Post<Lap, long>(frame.SenderCore, 0, new CallRefs(frame.Ref<Probe>(0), lapping));
                if (!lapping.Wait(XCall.Tests.Wait.Generous)) throw new TimeoutException("core 0 never started lapping");
            }
            if (answer == Refused) throw new InvalidOperationException("value refused");
            frame.SetResult(answer);
        }
    }

    /// <summary>On core 0, nested inside AskForValue's wait: sends three laps' worth of calls to core 1, each waited for.</summary>
    private struct Lap : ICrossCallHandler<long>
    {
        public static string Name => "Tests.Lap";

        public static void Invoke(in long value, ref CallFrame frame)
        {
            frame.Ref<ManualResetEventSlim>(1)?.Set();
            for (int i = 0; i < 3 * Capacity; i++) frame.Runtime.Post<Count, long>(1, i, new CallRefs(frame.Ref<Probe>(0))).Wait();
        }
    }
}
