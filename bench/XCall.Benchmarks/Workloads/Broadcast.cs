using System;
using System.Threading;

namespace XCall.Benchmarks;

/// <summary>A sync call to every core, waiting for all (default options).</summary>
public sealed class XCallBroadcast : Workload
{
    private readonly XCallRuntime _runtime;

    public XCallBroadcast(int cores) => _runtime = XCallRuntime.Start(new XCallOptions { Cores = cores });

    public override string Name => $"XCall TouchOnAll, {_runtime.CoreCount} cores";

    public override void Run(int operations)
    {
        for (int i = 0; i < operations; i++) Bench.TouchOnAll(_runtime, i);
    }

    public override void Dispose() => _runtime.Dispose();
}

/// <summary>The baseline: one worker thread per "core" blocked on its own semaphore, and a countdown to wait on.</summary>
public sealed class SemaphoreBroadcast : Workload
{
    private readonly SemaphoreSlim[] _go;
    private readonly Thread[] _workers;
    private readonly CountdownEvent _done;
    private volatile bool _stop;

    public SemaphoreBroadcast(int workers)
    {
        _go = new SemaphoreSlim[workers];
        _workers = new Thread[workers];
        _done = new CountdownEvent(workers);
        for (int w = 0; w < workers; w++)
        {
            var go = _go[w] = new SemaphoreSlim(0);
            _workers[w] = new Thread(() =>
            {
                while (true)
                {
                    go.Wait();
                    if (_stop) return;
                    Work.Consume(1);
                    _done.Signal();
                }
            }) { IsBackground = true };
            _workers[w].Start();
        }
    }

    public override string Name => $"semaphores + CountdownEvent, {_workers.Length} threads";

    public override void Run(int operations)
    {
        for (int i = 0; i < operations; i++)
        {
            _done.Reset();
            foreach (SemaphoreSlim go in _go) go.Release();
            _done.Wait();
        }
    }

    public override void Dispose()
    {
        _stop = true;
        foreach (SemaphoreSlim go in _go) go.Release();
        foreach (Thread worker in _workers) worker.Join();
    }
}
