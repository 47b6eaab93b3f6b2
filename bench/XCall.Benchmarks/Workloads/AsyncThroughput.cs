using System;
using System.Threading;
using System.Threading.Channels;

namespace XCall.Benchmarks;

/// <summary>One producer thread posting async calls to one core, one call at a time.</summary>
public sealed class XCallAsync : Workload
{
    private readonly XCallRuntime _runtime;
    private readonly Tuning _tuning;

    public XCallAsync(Tuning tuning)
    {
        _tuning = tuning;
        _runtime = XCallRuntime.Start(tuning.Options(cores: 1));
    }

    public override string Name => $"XCall AccumulateOn (async), {_tuning.Describe()}";

    public XCallRuntime Runtime => _runtime;

    public override void Run(int operations)
    {
        Ticket last = default;
        for (int i = 0; i < operations; i++) last = Bench.AccumulateOn(_runtime, 0, i);
        last.Wait();
    }

    public override void Dispose() => _runtime.Dispose();
}

/// <summary>The .NET peer: a Channel&lt;long&gt; with a dedicated consumer thread that spins on TryRead.</summary>
public sealed class ChannelAsync : Workload
{
    private readonly Channel<long> _channel;
    private readonly Thread _consumer;
    private readonly bool _bounded;
    private long _consumed;
    private volatile bool _stop;

    public ChannelAsync(bool bounded)
    {
        _bounded = bounded;
        _channel = bounded
            ? Channel.CreateBounded<long>(new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait })
            : Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _consumer = new Thread(Consume) { IsBackground = true, Name = "channel consumer" };
        _consumer.Start();
    }

    public override string Name => _bounded ? "bounded Channel<T>" : "unbounded Channel<T>";

    public override void Run(int operations)
    {
        long target = Volatile.Read(ref _consumed) + operations;
        ChannelWriter<long> writer = _channel.Writer;
        for (int i = 0; i < operations; i++)
        {
            while (!writer.TryWrite(i)) Thread.SpinWait(1); // bounded and full: wait like a spinning producer
        }
        while (Volatile.Read(ref _consumed) < target) Thread.SpinWait(1);
    }

    private void Consume()
    {
        ChannelReader<long> reader = _channel.Reader;
        while (!_stop)
        {
            while (reader.TryRead(out long value))
            {
                Work.Consume(value);
                Volatile.Write(ref _consumed, _consumed + 1);
            }
            Thread.SpinWait(1);
        }
    }

    public override void Dispose()
    {
        _stop = true;
        _consumer.Join();
    }
}

/// <summary>N producer threads posting to one core (default options).</summary>
public sealed class XCallManyProducers : Workload
{
    private readonly XCallRuntime _runtime = XCallRuntime.Start(new XCallOptions { Cores = 1 });
    private readonly int _producers;

    public XCallManyProducers(int producers) => _producers = producers;

    public override string Name => $"XCall AccumulateOn (async), {_producers} producers";

    public override void Run(int operations)
    {
        var threads = new Thread[_producers];
        for (int p = 0; p < _producers; p++)
        {
            int calls = Share(operations, _producers, p);
            threads[p] = new Thread(() =>
            {
                Ticket last = default;
                for (int i = 0; i < calls; i++) last = Bench.AccumulateOn(_runtime, 0, i);
                last.Wait();
            });
            threads[p].Start();
        }
        foreach (Thread thread in threads) thread.Join();
    }

    /// <summary>Producer <paramref name="index"/>'s part of <paramref name="operations"/>, so the parts add up to it.</summary>
    internal static int Share(int operations, int producers, int index) => operations / producers + (index < operations % producers ? 1 : 0);

    public override void Dispose() => _runtime.Dispose();
}

/// <summary>N producer threads writing one bounded multi-writer Channel&lt;long&gt; read by one consumer thread.</summary>
public sealed class ChannelManyProducers : Workload
{
    private readonly Channel<long> _channel = Channel.CreateBounded<long>(new BoundedChannelOptions(1024) { SingleReader = true });
    private readonly Thread _consumer;
    private readonly int _producers;
    private long _consumed;
    private volatile bool _stop;

    public ChannelManyProducers(int producers)
    {
        _producers = producers;
        _consumer = new Thread(() =>
        {
            while (!_stop)
            {
                while (_channel.Reader.TryRead(out long value))
                {
                    Work.Consume(value);
                    Volatile.Write(ref _consumed, _consumed + 1);
                }
                Thread.SpinWait(1);
            }
        }) { IsBackground = true };
        _consumer.Start();
    }

    public override string Name => $"bounded Channel<T>, {_producers} producers";

    public override void Run(int operations)
    {
        long target = Volatile.Read(ref _consumed) + operations;
        var threads = new Thread[_producers];
        for (int p = 0; p < _producers; p++)
        {
            int writes = XCallManyProducers.Share(operations, _producers, p);
            threads[p] = new Thread(() =>
            {
                for (int i = 0; i < writes; i++)
                    while (!_channel.Writer.TryWrite(i)) Thread.SpinWait(1);
            });
            threads[p].Start();
        }
        foreach (Thread thread in threads) thread.Join();
        while (Volatile.Read(ref _consumed) < target) Thread.SpinWait(1);
    }

    public override void Dispose()
    {
        _stop = true;
        _consumer.Join();
    }
}
