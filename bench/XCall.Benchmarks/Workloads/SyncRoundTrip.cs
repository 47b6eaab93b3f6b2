using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace XCall.Benchmarks;

/// <summary>
/// A sync call to one core and back, the next one sent as soon as the last returned; optionally with many other
/// sender threads that each sent the core one call and went quiet (the core's poll must not pay for them).
/// </summary>
public sealed class XCallSync : Workload
{
    private readonly XCallRuntime _runtime;
    private readonly Tuning _tuning;
    private readonly IdleSenders? _idle;

    public XCallSync(Tuning tuning, int idleSenders = 0)
    {
        _tuning = tuning;
        _runtime = XCallRuntime.Start(tuning.Options(cores: 1));
        if (idleSenders > 0) _idle = new IdleSenders(_runtime, idleSenders);
    }

    public override string Name => $"XCall IncrementOn (sync), {_tuning.Describe()}" + (_idle is null ? "" : ", with idle senders");

    public override void Run(int operations)
    {
        long value = 0;
        for (int i = 0; i < operations; i++) value = Bench.IncrementOn(_runtime, 0, value);
        if (value != operations) throw new InvalidOperationException("lost a call");
    }

    public override void Dispose()
    {
        _idle?.Dispose();
        _runtime.Dispose();
    }
}

/// <summary>The physical floor: two threads bouncing one cache line (each waits for the other's write).</summary>
public sealed class CacheLinePingPong : Workload
{
    private readonly Thread _echo;
    private readonly PaddedFlag _line = new();
    private volatile bool _stop;

    public CacheLinePingPong()
    {
        _echo = new Thread(() =>
        {
            long seen = 0;
            while (!_stop)
            {
                long value = Volatile.Read(ref _line.Request);
                if (value != seen)
                {
                    seen = value;
                    Volatile.Write(ref _line.Reply, value);
                }
                else
                {
                    Thread.SpinWait(1);
                }
            }
        }) { IsBackground = true };
        _echo.Start();
    }

    public override string Name => "cache-line ping-pong";

    public override void Run(int operations)
    {
        long next = Volatile.Read(ref _line.Request);
        for (int i = 0; i < operations; i++)
        {
            Volatile.Write(ref _line.Request, ++next);
            while (Volatile.Read(ref _line.Reply) != next) Thread.SpinWait(1);
        }
    }

    public override void Dispose()
    {
        _stop = true;
        _echo.Join();
    }

    private sealed class PaddedFlag
    {
        public long Request; // the two fields share a line on purpose: one line bounces per round trip
        public long Reply;
    }
}

/// <summary>What many programs do today: Task.Run(f).GetAwaiter().GetResult().</summary>
public sealed class TaskRunRoundTrip : Workload
{
    public override string Name => "Task.Run(f).GetAwaiter().GetResult()";

    public override void Run(int operations)
    {
        long value = 0;
        for (int i = 0; i < operations; i++)
        {
            long current = value;
            value = Task.Run(() => current + 1).GetAwaiter().GetResult();
        }
    }
}

/// <summary>
/// A round trip to a thread that is asleep. Before each timed round trip the caller waits long enough for the other
/// side to have blocked; only the round trip itself is timed.
/// </summary>
public abstract class ParkedRoundTrip : Workload
{
    /// <summary>Idle time before each round trip: longer than any spin phase, so the other side is blocked.</summary>
    private static readonly long s_gap = Stopwatch.Frequency / 1000; // 1 ms

    private double _timedSeconds;

    public override double? TimedSecondsOfLastRun => _timedSeconds;

    public override void Run(int operations)
    {
        long timed = 0;
        for (int i = 0; i < operations; i++)
        {
            long idleUntil = Stopwatch.GetTimestamp() + s_gap;
            while (Stopwatch.GetTimestamp() < idleUntil) Thread.Sleep(0);
            long start = Stopwatch.GetTimestamp();
            RoundTrip();
            timed += Stopwatch.GetTimestamp() - start;
        }
        _timedSeconds = (double)timed / Stopwatch.Frequency;
    }

    /// <summary>One round trip, untimed here (BenchmarkDotNet times it, after letting the other side park).</summary>
    public void RoundTripOnce() => RoundTrip();

    protected abstract void RoundTrip();
}

/// <summary>XCall's sync call to a core that parked (default options).</summary>
public sealed class XCallParked : ParkedRoundTrip
{
    private readonly XCallRuntime _runtime = XCallRuntime.Start(new XCallOptions { Cores = 1 });
    private long _value;

    public override string Name => "XCall IncrementOn (sync), parked core, default options";

    protected override void RoundTrip() => _value = Bench.IncrementOn(_runtime, 0, _value);

    public override void Dispose() => _runtime.Dispose();
}

/// <summary>The baseline: hand a request to a thread blocked on a SemaphoreSlim and wait on another for the reply.</summary>
public sealed class SemaphoreHandoff : ParkedRoundTrip
{
    private readonly SemaphoreSlim _request = new(0);
    private readonly SemaphoreSlim _reply = new(0);
    private readonly Thread _server;
    private volatile bool _stop;

    public SemaphoreHandoff()
    {
        _server = new Thread(() =>
        {
            while (true)
            {
                _request.Wait();
                if (_stop) return;
                _reply.Release();
            }
        }) { IsBackground = true };
        _server.Start();
    }

    public override string Name => "SemaphoreSlim hand-off, parked thread";

    protected override void RoundTrip()
    {
        _request.Release();
        _reply.Wait();
    }

    public override void Dispose()
    {
        _stop = true;
        _request.Release();
        _server.Join();
    }
}
