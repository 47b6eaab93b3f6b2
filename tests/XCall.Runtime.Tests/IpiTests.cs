using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace XCall.Tests;

public class IpiTests
{
    public struct PageOffer
    {
        public long Page;
        public int Count;
    }

    // Handlers record into a static queue keyed by a per-test id carried in the message: tests stay independent.
    private static readonly ConcurrentDictionary<long, ConcurrentQueue<string>> s_log = new();

    private static ConcurrentQueue<string> Log(long test) => s_log.GetOrAdd(test, _ => new ConcurrentQueue<string>());

    private struct First : IIpiHandler<PageOffer>
    {
        public static string Name => "Tests.First";

        public static void Handle(in IpiContext context, in PageOffer message) =>
            Log(message.Page).Enqueue($"first core {context.Core} from {context.SenderCore} type {context.Type} count {message.Count}");
    }

    private struct Second : IIpiHandler<PageOffer>
    {
        public static string Name => "Tests.Second";

        public static void Handle(in IpiContext context, in PageOffer message) => Log(message.Page).Enqueue($"second core {context.Core}");
    }

    private struct Faulty : IIpiHandler<PageOffer>
    {
        public static string Name => "Tests.Faulty";

        public static void Handle(in IpiContext context, in PageOffer message) => throw new InvalidOperationException("faulty handler");
    }

    private struct Slow : IIpiHandler<PageOffer>
    {
        public static ManualResetEventSlim Entered = new();
        public static ManualResetEventSlim Release = new();

        public static string Name => "Tests.Slow";

        public static void Handle(in IpiContext context, in PageOffer message)
        {
            Log(message.Page).Enqueue("slow entered");
            Entered.Set();
            Release.Wait(XCall.Tests.Wait.Generous);
            Log(message.Page).Enqueue("slow left");
        }
    }

    private struct Other : IIpiHandler<long>
    {
        public static string Name => "Tests.Other";

        public static void Handle(in IpiContext context, in long message)
        {
        }
    }

    [Fact]
    public void A_typed_message_reaches_every_handler_of_its_type_on_each_target_core()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        using var first = runtime.RegisterIpiHandler<First, PageOffer>(7);
        using var second = runtime.RegisterIpiHandler<Second, PageOffer>(7);
        runtime.SendIpi(Target.InMask(CoreMask.Of(1, 2)), 7, new PageOffer { Page = 101, Count = 4 }).Wait();
        Assert.Equal(new[] { "first core 1 from -1 type 7 count 4", "first core 2 from -1 type 7 count 4", "second core 1", "second core 2" },
            Log(101).Order());
    }

    [Fact]
    public void A_message_of_a_type_with_no_handlers_faults_its_ticket_and_counts_a_fault_on_every_target()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        Ticket ticket = runtime.SendIpi(Target.All, 99, new PageOffer { Page = 102 });
        var error = Assert.Throws<AggregateException>(() => ticket.Wait());
        Assert.Equal(2, error.InnerExceptions.Count);
        Assert.All(error.InnerExceptions, e => Assert.Contains("No handler is registered for IPI type 99", e.Message));
        Assert.Equal(TicketStatus.Faulted, ticket.Status);
        Assert.Equal(2, runtime.GetStatistics().TotalFaults);
        Assert.Empty(Log(102));
    }

    [Fact]
    public void Registering_the_same_handler_twice_for_a_type_is_a_clear_error_and_it_still_runs_once_per_message()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        using var registration = runtime.RegisterIpiHandler<First, PageOffer>(8);
        var error = Assert.Throws<InvalidOperationException>(() => runtime.RegisterIpiHandler<First, PageOffer>(8));
        Assert.Contains("already registered for IPI type 8", error.Message);
        runtime.SendIpi(1, 8, new PageOffer { Page = 110, Count = 1 }).Wait();
        Assert.Single(Log(110));
    }

    [Fact]
    public void An_unregistered_handler_no_longer_receives_messages()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var first = runtime.RegisterIpiHandler<First, PageOffer>(3);
        using var second = runtime.RegisterIpiHandler<Second, PageOffer>(3);
        first.Unregister();
        Assert.True(first.IsRemoved);
        runtime.SendIpi(1, 3, new PageOffer { Page = 103 }).Wait();
        Assert.Equal(new[] { "second core 1" }, Log(103));
    }

    [Fact]
    public async Task Unregistering_waits_for_a_running_handler_to_return()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        Slow.Entered.Reset();
        Slow.Release.Reset();
        var slow = runtime.RegisterIpiHandler<Slow, PageOffer>(4);
        Ticket ticket = runtime.SendIpi(1, 4, new PageOffer { Page = 104 });
        Assert.True(Slow.Entered.Wait(Wait.Generous));
        var unregister = Task.Run(() =>
        {
            slow.Unregister();
            Log(104).Enqueue("unregistered");
        });
        await Task.Delay(20);
        Assert.False(unregister.IsCompleted);
        Slow.Release.Set();
        await unregister.WaitAsync(Wait.Generous);
        Assert.Equal(new[] { "slow entered", "slow left", "unregistered" }, Log(104));
        ticket.Wait();
    }

    [Fact]
    public void A_type_id_carries_one_message_type()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        using var first = runtime.RegisterIpiHandler<First, PageOffer>(5);
        Assert.Throws<InvalidOperationException>(() => runtime.RegisterIpiHandler<Other, long>(5));
        Assert.Throws<ArgumentException>(() => runtime.SendIpi(Target.All, 5, 1L));
        Assert.Throws<ArgumentOutOfRangeException>(() => runtime.RegisterIpiHandler<Other, long>(-1));
    }

    [Fact]
    public void One_throwing_handler_does_not_stop_the_others_and_faults_the_ticket()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        using var faulty = runtime.RegisterIpiHandler<Faulty, PageOffer>(6);
        using var second = runtime.RegisterIpiHandler<Second, PageOffer>(6);
        Ticket ticket = runtime.SendIpi(1, 6, new PageOffer { Page = 106 });
        Assert.Equal("faulty handler", Assert.Throws<InvalidOperationException>(() => ticket.Wait()).Message);
        Assert.Equal(new[] { "second core 1" }, Log(106));
    }

    [Fact]
    public void A_message_from_a_core_carries_its_sender()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        using var first = runtime.RegisterIpiHandler<First, PageOffer>(8);
        runtime.Call<SendFromCore, long>(0, 108);
        runtime.WaitForIssued();
        Assert.Equal(new[] { "first core 1 from 0 type 8 count 0" }, Log(108));
    }

    [Fact]
    public void A_try_send_to_a_full_queue_reports_busy()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip, QueueCapacity = 2 });
        using var first = runtime.RegisterIpiHandler<First, PageOffer>(9);
        for (int i = 0; i < 2; i++) Assert.True(runtime.TrySendIpi(1, 9, new PageOffer { Page = 109 }, out _));
        Assert.False(runtime.TrySendIpi(1, 9, new PageOffer { Page = 109 }, out _));
        chip.RunUntilIdle();
        Assert.Equal(2, Log(109).Count);
    }

    private struct SendFromCore : ICrossCallHandler<long>
    {
        public static string Name => "Tests.SendFromCore";

        public static void Invoke(in long page, ref CallFrame frame) =>
            _ = frame.Runtime.SendIpi(1, 8, new PageOffer { Page = page });
    }
}
