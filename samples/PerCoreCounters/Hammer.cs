using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace XCall.Samples.PerCoreCounters;

/// <summary>
/// Runs the same number of increments on several threads at once and times them, showing progress while it waits.
/// Each thread reports how far it got every <see cref="ReportEvery"/> increments.
/// </summary>
internal static class Hammer
{
    public const int ReportEvery = 1 << 16;

    /// <summary>
    /// Starts <paramref name="threads"/> threads that each call <paramref name="work"/>(thread index, progress cell) and
    /// returns once all finished, with the time from their common start to the last one's end.
    /// </summary>
    public static TimeSpan Run(string label, int threads, long incrementsPerThread, Action<int, StrongBox<long>> work)
    {
        var progress = new StrongBox<long>[threads];
        var start = new ManualResetEventSlim();
        var workers = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            int thread = i;
            progress[thread] = new StrongBox<long>();
            workers[thread] = new Thread(() =>
            {
                start.Wait();
                work(thread, progress[thread]);
            }) { IsBackground = true, Name = $"{label} {thread}" };
            workers[thread].Start();
        }

        var line = new ProgressLine(label, threads * incrementsPerThread);
        start.Set();
        foreach (Thread worker in workers)
        {
            while (!worker.Join(TimeSpan.FromMilliseconds(50))) line.Report(Done(progress));
        }
        return line.Complete();
    }

    private static long Done(StrongBox<long>[] progress)
    {
        long done = 0;
        foreach (StrongBox<long> cell in progress) done += Volatile.Read(ref cell.Value);
        return done;
    }
}
