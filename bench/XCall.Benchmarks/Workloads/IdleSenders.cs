using System;
using System.Threading;

namespace XCall.Benchmarks;

/// <summary>
/// Threads that each sent one call to every core of a runtime and then went quiet, alive and blocked: what a core's
/// poll must not pay for, and what their queues hold at rest.
/// </summary>
public sealed class IdleSenders : IDisposable
{
    private readonly ManualResetEventSlim _send = new();
    private readonly ManualResetEventSlim _release = new();
    private readonly Thread[] _threads;

    public IdleSenders(XCallRuntime runtime, int count)
    {
        using var sent = new CountdownEvent(count);
        _threads = new Thread[count];
        for (int i = 0; i < count; i++)
        {
            _threads[i] = new Thread(() =>
            {
                _send.Wait();
                for (int core = 0; core < runtime.CoreCount; core++) Bench.AccumulateOn(runtime, core, 1).Wait();
                sent.Signal();
                _release.Wait();
            }, maxStackSize: 256 << 10) { IsBackground = true, Name = "idle sender" };
            _threads[i].Start();
        }
        long before = GC.GetTotalMemory(forceFullCollection: true);
        _send.Set();
        sent.Wait();
        BytesPerSenderCore = (double)(GC.GetTotalMemory(forceFullCollection: true) - before) / count / runtime.CoreCount;
    }

    /// <summary>Managed bytes (pinned queue memory included) that sending added, per (sender thread, core).</summary>
    public double BytesPerSenderCore { get; }

    public void Dispose()
    {
        _release.Set();
        foreach (Thread thread in _threads) thread.Join();
        _send.Dispose();
        _release.Dispose();
    }
}
