using System;
using System.Linq;
using System.Threading;
using Xunit;

namespace XCall.Tests;

/// <summary>
/// A multi-core send that finds a queue full waits for room outside the admission window, then checks admission
/// again for every target: disposal and TakeOffline during the wait make it all or nothing, never a part that runs
/// without a ticket, and never a call onto a core that went offline.
/// </summary>
public class AdmissionTests
{
    private const long Marker = 4242;

    public enum Send
    {
        Post,
        Call,
        CallWithResults,
        Ipi,
    }

    public static TheoryData<Send> Sends => new() { Send.Post, Send.Call, Send.CallWithResults, Send.Ipi };

    [Theory]
    [MemberData(nameof(Sends))]
    public void Disposal_while_a_broadcast_waits_for_room_rejects_all_of_it_and_no_core_runs_any_part(Send send)
    {
        using var scene = new FullLaneScene(send);
        var disposer = new Thread(scene.Runtime.Dispose);
        disposer.Start();
        Exception? error = scene.SenderOutcome();
        Assert.IsType<ObjectDisposedException>(error);
        scene.Gate.Set();
        Assert.True(disposer.Join(Wait.Generous));
        Assert.Empty(scene.RunsOfTheBroadcast());
        Assert.Equal(2, scene.Probe.On(2)); // the calls queued before it still ran: disposal drains what was accepted
    }

    [Theory]
    [MemberData(nameof(Sends))]
    public void Taking_a_core_offline_while_a_broadcast_waits_for_room_sends_it_to_the_online_cores_only(Send send)
    {
        using var scene = new FullLaneScene(send);
        var offline = new Thread(() => scene.Runtime.TakeOffline(2));
        offline.Start();
        // The broadcast no longer needs core 2's queue: it goes out to cores 0 and 1 while core 2 is still blocked.
        Assert.Null(scene.SenderOutcome());
        Assert.True(offline.IsAlive, "TakeOffline returns only once core 2 finished what it had accepted");
        scene.Gate.Set();
        Assert.True(offline.Join(Wait.Generous));
        Assert.Equal(new[] { 0, 1 }, scene.RunsOfTheBroadcast().Order());
        if (send == Send.CallWithResults) Assert.Equal(new long[] { Marker * 10, Marker * 10 + 1, -1 }, scene.Results);
        Assert.False(scene.Runtime.IsOnline(2));
    }

    [Fact]
    public void A_multi_core_send_that_waits_for_room_is_sent_whole_once_the_room_is_there()
    {
        using var scene = new FullLaneScene(Send.Post);
        Thread.Sleep(20);
        scene.Gate.Set();
        Assert.Null(scene.SenderOutcome());
        scene.Ticket.Wait();
        Assert.Equal(new[] { 0, 1, 2 }, scene.RunsOfTheBroadcast().Order());
    }

    /// <summary>
    /// Three cores, queues of two: core 2 is blocked in a handler, the sender's lane to core 2 holds two more calls, and
    /// the sender then broadcasts to all cores, which must wait for room on core 2.
    /// </summary>
    private sealed class FullLaneScene : IDisposable
    {
        private readonly Thread _sender;
        private readonly ManualResetEventSlim _sending = new();
        private Exception? _outcome;

        public FullLaneScene(Send send)
        {
            Runtime = XCallRuntime.Start(new XCallOptions { Cores = 3, QueueCapacity = 2 });
            Registration = Runtime.RegisterIpiHandler<RecordIpi, long>(5);
            var started = new Probe();
            _sender = new Thread(() =>
            {
                _ = Runtime.Post<Block, long>(2, 0, new CallRefs(Gate, started));
                Wait.Until(() => started.Total == 1, "core 2 to block");
                _ = Runtime.Post<Record, long>(2, 1, new CallRefs(Probe));
                _ = Runtime.Post<Record, long>(2, 2, new CallRefs(Probe)); // two calls queued: the lane to core 2 is full
                _sending.Set();
                try
                {
                    Span<long> results = stackalloc long[3];
                    results.Fill(-1);
                    switch (send)
                    {
                        case Send.Post:
                            Ticket = Runtime.Post<Record, long>(Target.All, Marker, new CallRefs(Probe));
                            break;
                        case Send.Call:
                            Runtime.Call<Record, long>(Target.All, Marker, new CallRefs(Probe));
                            break;
                        case Send.CallWithResults:
                            Runtime.Call<RecordAndScale, long, long>(Target.All, Marker, results, new CallRefs(Probe));
                            Results = results.ToArray();
                            break;
                        case Send.Ipi:
                            RecordIpi.Probe = Probe;
                            Ticket = Runtime.SendIpi(Target.All, 5, Marker);
                            break;
                    }
                }
                catch (Exception error)
                {
                    _outcome = error;
                }
            }) { IsBackground = true };
            _sender.Start();
            Assert.True(_sending.Wait(Wait.Generous));
            Wait.Until(() => Runtime.GetStatistics().QueueFullEvents >= 1, "the broadcast to find core 2's queue full");
        }

        public XCallRuntime Runtime { get; }

        public IpiRegistration Registration { get; }

        public ManualResetEventSlim Gate { get; } = new();

        public Probe Probe { get; } = new();

        public Ticket Ticket { get; private set; }

        public long[]? Results { get; private set; }

        /// <summary>Waits for the broadcasting thread; what it threw, or null.</summary>
        public Exception? SenderOutcome()
        {
            Assert.True(_sender.Join(Wait.Generous), "the broadcasting thread hung");
            return _outcome;
        }

        /// <summary>The cores the broadcast ran on, once everything accepted finished.</summary>
        public int[] RunsOfTheBroadcast()
        {
            if (!Runtime.IsDisposed) Assert.True(Runtime.WaitForIssued(Wait.Generous));
            return Probe.Seen.Where(s => s.Value == Marker).Select(s => s.Core).ToArray();
        }

        public void Dispose()
        {
            Gate.Set();
            Runtime.Dispose();
        }
    }

    private struct RecordAndScale : ICrossCallHandler<long>
    {
        public static string Name => "Tests.RecordAndScale";

        public static void Invoke(in long value, ref CallFrame frame)
        {
            frame.Ref<Probe>(0)!.Hit(frame.Core, value);
            frame.SetResult(value * 10 + frame.Core);
        }
    }

    private struct RecordIpi : IIpiHandler<long>
    {
        public static Probe? Probe;

        public static string Name => "Tests.RecordIpi";

        public static void Handle(in IpiContext context, in long message) => Probe!.Hit(context.Core, message);
    }
}
