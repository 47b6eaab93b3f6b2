using System;

namespace XCall.Benchmarks;

/// <summary>
/// One producer thread posting async calls to one core in batches: each batch is claimed, filled with
/// <see cref="PerBatch"/> calls and published with one store.
/// </summary>
public sealed class XCallBatch : Workload
{
    private readonly XCallRuntime _runtime;
    private readonly Tuning _tuning;

    public XCallBatch(Tuning tuning, int perBatch)
    {
        _tuning = tuning;
        PerBatch = perBatch;
        _runtime = XCallRuntime.Start(tuning.Options(cores: 1));
    }

    public int PerBatch { get; }

    public override string Name => $"XCall Accumulate (async) in batches of {PerBatch}, {_tuning.Describe()}";

    public override void Run(int operations)
    {
        Ticket last = default;
        for (int i = 0; i < operations; i += PerBatch)
        {
            int end = Math.Min(i + PerBatch, operations);
            using CallBatch batch = _runtime.Batch(0);
            // The generated handler through the batch's low-level post: what a generated sender taking a batch calls.
            for (int call = i; call < end; call++) last = batch.Post<Bench.AccumulateCrossCall, Bench.AccumulateCrossCall.Args>(new() { value = call });
        }
        last.Wait();
    }

    public override void Dispose() => _runtime.Dispose();
}
