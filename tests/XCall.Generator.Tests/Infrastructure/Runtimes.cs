using System;
using System.Threading;
using XCall.Testing;

namespace XCall.Generator.Tests.Infrastructure;

/// <summary>The runtimes the end-to-end tests start: two real cores, or two cores a test steps by hand.</summary>
internal static class Runtimes
{
    /// <summary>A generous bound for waits that should take microseconds; a correct run never gets near it.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Two real cores; <paramref name="queueCapacity"/> bounds the calls a sender has in flight (default: the runtime's).</summary>
    public static XCallRuntime Threaded(int? queueCapacity = null) => XCallRuntime.Start(new XCallOptions
    {
        Cores = 2,
        QueueCapacity = queueCapacity ?? new XCallOptions().QueueCapacity,
        Name = "generator-tests",
    });

    /// <summary>Cores without threads: nothing runs until the test steps them (or a sync call steps them itself).</summary>
    public static XCallRuntime Manual(ManualIpiChip chip, int queueCapacity) => XCallRuntime.Start(new XCallOptions
    {
        Cores = 2,
        Chip = chip,
        QueueCapacity = queueCapacity,
        StallTimeout = Timeout.InfiniteTimeSpan,
        Name = "generator-tests-manual",
    });
}
