using System;

namespace XCall.Benchmarks;

/// <summary>
/// One measured thing: set up once, then <see cref="Run"/> performs a number of operations (calls, messages,
/// round trips). Both the BenchmarkDotNet classes and the quick runner drive the same workloads.
/// </summary>
public abstract class Workload : IDisposable
{
    /// <summary>How the result reads, for example "bounded Channel&lt;T&gt;".</summary>
    public abstract string Name { get; }

    /// <summary>Performs <paramref name="operations"/> operations and returns once all finished.</summary>
    public abstract void Run(int operations);

    /// <summary>The part of the last <see cref="Run"/> that counts, when the workload times only part of it; null: all of it.</summary>
    public virtual double? TimedSecondsOfLastRun => null;

    /// <summary>Stops threads and runtimes the workload started.</summary>
    public virtual void Dispose()
    {
    }
}
