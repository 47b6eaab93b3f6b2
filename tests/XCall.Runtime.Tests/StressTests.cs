using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Xunit;
using XCall.Testing;

namespace XCall.Tests;

public class StressTests
{
    public static TheoryData<string, int> Chips => new()
    {
        { "parking", 4 },
        { "parking-no-poll-window", 3 },
        { "polling", 2 },
    };

    [Theory]
    [MemberData(nameof(Chips))]
    public void Every_accepted_call_runs_exactly_once_under_mixed_load_from_many_senders(string chip, int cores)
    {
        const int Senders = 4, PerSender = 3000;
        using var runtime = XCallRuntime.Start(new XCallOptions
        {
            Cores = cores,
            QueueCapacity = 4, // small, so queues run full and senders wait
            Chip = chip == "polling" ? new PollingIpiChip() : null,
            PollWindow = chip == "parking-no-poll-window" ? TimeSpan.Zero : TimeSpan.FromMicroseconds(50),
        });
        var ledger = new Ledger(Senders * PerSender, cores);
        var refs = new CallRefs(ledger);
        long all = (1L << cores) - 1;

        Wait.Bounded(() =>
        {
            var threads = Enumerable.Range(0, Senders).Select(sender => new Thread(() =>
            {
                var random = new Random(1234 + sender); // deterministic per sender
                var tickets = new List<Ticket>();
                var request = new XCallRequest();
                for (int i = 0; i < PerSender; i++)
                {
                    long index = sender * PerSender + i;
                    int core = random.Next(cores);
                    switch (random.Next(8))
                    {
                        case 0:
                            tickets.Add(runtime.Post<Entry, long>(core, index, refs));
                            ledger.Expect(index, 1L << core);
                            break;
                        case 1:
                            runtime.Call<Entry, long>(core, index, refs);
                            ledger.Expect(index, 1L << core);
                            break;
                        case 2:
                            tickets.Add(runtime.Post<Entry, long>(Target.All, index, refs));
                            ledger.Expect(index, all);
                            break;
                        case 3:
                            var mask = CoreMask.Of(core, (core + 1) % cores);
                            runtime.Call<Entry, long>(Target.InMask(mask), index, refs);
                            ledger.Expect(index, (1L << core) | (1L << ((core + 1) % cores)));
                            break;
                        case 4:
                            request.Prepare<Entry, long>(index, refs);
                            runtime.Call(core, request);
                            ledger.Expect(index, 1L << core);
                            break;
                        case 5:
                            tickets.Add(runtime.Post<Entry, long>(core, index, refs, CallPriority.High));
                            ledger.Expect(index, 1L << core);
                            break;
                        case 6:
                            // A call made from inside a handler: core → next core, waited on there.
                            runtime.Call<Forward, long>(core, index, refs);
                            ledger.Expect(index, 1L << ((core + 1) % cores));
                            break;
                        default:
                            if (runtime.TryPost<Entry, long>(core, index, out Ticket ticket, refs))
                            {
                                tickets.Add(ticket);
                                ledger.Expect(index, 1L << core);
                            }
                            else
                            {
                                ledger.Expect(index, 0); // busy: must never run
                            }
                            break;
                    }
                }
                Ticket.WaitAll(tickets.ToArray());
            })).ToArray();
            foreach (Thread thread in threads) thread.Start();
            foreach (Thread thread in threads) thread.Join();
            runtime.WaitForIssued();
        }, $"mixed load on the {chip} chip");

        ledger.Verify();
    }

    [Fact]
    public void Every_accepted_call_runs_exactly_once_while_bursts_from_many_senders_make_their_queues_grow()
    {
        const int Senders = 4, Bursts = 20, Burst = 700, Cores = 2;
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = Cores, QueueCapacity = 1024 });
        var ledger = new Ledger(Senders * Bursts * (Burst + 2), Cores);
        var refs = new CallRefs(ledger);

        Wait.Bounded(() =>
        {
            var threads = Enumerable.Range(0, Senders).Select(sender => new Thread(() =>
            {
                var random = new Random(4321 + sender); // deterministic per sender
                var tickets = new List<Ticket>();
                long index = (long)sender * Bursts * (Burst + 2);
                for (int burst = 0; burst < Bursts; burst++)
                {
                    int core = random.Next(Cores);
                    // More calls than a new queue holds: the queue grows (or waits at its capacity) mid-burst.
                    for (int i = 0; i < Burst; i++, index++)
                    {
                        tickets.Add(runtime.Post<Entry, long>(core, index, refs));
                        ledger.Expect(index, 1L << core);
                    }
                    runtime.Post<Entry, long>(Target.All, index, refs).Wait();
                    ledger.Expect(index++, (1L << Cores) - 1);
                    runtime.Call<Forward, long>(core, index, refs); // a nested call while the queues are deep
                    ledger.Expect(index++, 1L << ((core + 1) % Cores));
                }
                Ticket.WaitAll(tickets.ToArray());
                Assert.All(tickets, ticket => Assert.Equal(TicketStatus.Completed, ticket.Status));
            })).ToArray();
            foreach (Thread thread in threads) thread.Start();
            foreach (Thread thread in threads) thread.Join();
            runtime.WaitForIssued();
        }, "bursts that make queues grow");

        ledger.Verify();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_accepted_call_runs_exactly_once_when_a_test_steps_the_cores_in_random_order(int seed)
    {
        const int Cores = 4, Calls = 5000;
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = Cores, Chip = chip, QueueCapacity = 8 });
        var ledger = new Ledger(Calls, Cores);
        var refs = new CallRefs(ledger);
        var random = new Random(seed);
        var requests = Enumerable.Range(0, Cores).Select(_ => new XCallRequest()).ToArray();

        for (int index = 0; index < Calls; index++)
        {
            int core = random.Next(Cores);
            switch (random.Next(6))
            {
                case 0:
                case 1:
                    Expect(runtime.TryPost<Entry, long>(core, index, out _, refs), index, 1L << core);
                    break;
                case 2:
                    Expect(runtime.TryPost<Entry, long>(Target.All, index, out _, refs), index, (1L << Cores) - 1);
                    break;
                case 3:
                    Expect(runtime.TryPost<Entry, long>(core, index, out _, refs, CallPriority.High), index, 1L << core);
                    break;
                case 4:
                    XCallRequest request = requests[core];
                    if (request.IsInFlight)
                    {
                        ledger.Expect(index, 0);
                        break;
                    }
                    request.Prepare<Entry, long>(index, refs);
                    runtime.Post(core, request);
                    ledger.Expect(index, 1L << core);
                    break;
                default:
                    // A sync call: the manual chip steps cores until it finished.
                    runtime.Call<Entry, long>(core, index, refs);
                    ledger.Expect(index, 1L << core);
                    break;
            }
            // Step a random core by a random amount between sends.
            if (random.Next(3) == 0) chip.Step(random.Next(Cores), random.Next(1, 6));
        }
        chip.RunUntilIdle();
        ledger.Verify();
        Assert.All(Enumerable.Range(0, Cores), core => Assert.False(chip.HasPending(core)));

        void Expect(bool accepted, long index, long cores) => ledger.Expect(index, accepted ? cores : 0);
    }

    [Fact]
    public void Calls_from_one_sender_keep_their_order_on_each_core_while_cores_are_stepped_randomly()
    {
        const int Cores = 3;
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = Cores, Chip = chip, QueueCapacity = 16 });
        var probe = new Probe();
        var random = new Random(7);
        for (int i = 0; i < 3000; i++)
        {
            if (!runtime.TryPost<Record, long>(random.Next(Cores), i, out _, new CallRefs(probe))) i--;
            if (random.Next(4) == 0) chip.Step(random.Next(Cores), random.Next(1, 8));
        }
        chip.RunUntilIdle();
        Assert.Equal(3000, probe.Total);
        foreach (var core in probe.Seen.GroupBy(s => s.Core))
        {
            long[] values = core.Select(s => s.Value).ToArray();
            Assert.Equal(values.Order(), values);
        }
    }
}
