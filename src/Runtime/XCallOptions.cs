using System;
using System.Diagnostics.Metrics;

namespace XCall;

/// <summary>What a full queue does to a call form that is not a <c>Try</c> form.</summary>
public enum FullQueuePolicy
{
    /// <summary>Wait until the target core frees a slot (a waiting core keeps running its own queue meanwhile).</summary>
    Wait = 0,

    /// <summary>Throw <see cref="QueueFullException"/> at once.</summary>
    Throw = 1,
}

/// <summary>
/// How <see cref="XCallRuntime.Start(XCallOptions?)"/> builds a runtime. Every property has a sensible default; copy with
/// changes through <c>with</c> (<c>options with { Cores = 2 }</c>).
/// </summary>
public sealed record XCallOptions
{
    /// <summary>The number of cores (dedicated worker threads), 1 to <see cref="CoreMask.Capacity"/>. Default: <see cref="Environment.ProcessorCount"/>.</summary>
    public int Cores { get; init; } = Math.Min(Environment.ProcessorCount, CoreMask.Capacity);

    /// <summary>Pin core <c>i</c> to the <c>i</c>-th CPU the process may run on (wrapping around). Linux only. Default: false.</summary>
    public bool PinThreads { get; init; }

    /// <summary>
    /// The most calls one thread can have queued on one core, a power of two from 2 to 65,536. Every thread that sends
    /// to a core gets its own queue there, so one sender never overwrites another. A call's room is free again once its
    /// core took it. A queue starts with room for 256 calls (8 KiB; or the capacity, if smaller) and grows fourfold
    /// whenever its sender finds it full below the capacity, so idle senders stay small and a busy one is not held back
    /// by hand-offs with its core. Default: 16,384.
    /// </summary>
    public int QueueCapacity { get; init; } = 16384;

    /// <summary>What a non-<c>Try</c> call does when its queue is full. Default: <see cref="FullQueuePolicy.Wait"/>.</summary>
    public FullQueuePolicy WhenQueueFull { get; init; } = FullQueuePolicy.Wait;

    /// <summary>
    /// How long an idle core keeps polling before it parks, and how long a sync caller spins before it blocks.
    /// Longer windows cut wake-up latency and burn CPU. Default: 50 µs.
    /// </summary>
    public TimeSpan PollWindow { get; init; } = TimeSpan.FromMicroseconds(50);

    /// <summary>How idle cores wait and are woken. Default: a new <see cref="ParkingIpiChip"/>. A chip serves one runtime.</summary>
    public IpiChip? Chip { get; init; }

    /// <summary>A call still running after this long is reported through <see cref="XCallRuntime.CallStalled"/>. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> turns detection off. Default: 1 s.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long disposal lets cores run what was accepted before the rest is cancelled; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>
    /// waits for everything. Disposal returns within about this long even when handlers never return. Default: 10 s.
    /// </summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The stack each core thread reserves, in bytes. A core that waits (a sync call, a ticket…) keeps running its
    /// own queue on the same stack, so deep chains of cores calling each other need room: a chain too deep for it
    /// ends with <see cref="InsufficientExecutionStackException"/> instead of a crash. Default: 16 MiB (reserved,
    /// not committed).
    /// </summary>
    public int CoreStackSize { get; init; } = 16 << 20;

    /// <summary>Where the runtime's <c>XCall</c> meter comes from (dependency injection's factory); null makes one of its own. Default: null.</summary>
    public IMeterFactory? MeterFactory { get; init; }

    /// <summary>The name core threads and metrics carry. Default: <c>xcall</c>.</summary>
    public string Name { get; init; } = "xcall";

    internal void Validate()
    {
        if (Cores < 1 || Cores > CoreMask.Capacity)
            throw new ArgumentOutOfRangeException(nameof(Cores), Cores, $"A runtime has 1 to {CoreMask.Capacity} cores.");
        if (QueueCapacity < 2 || QueueCapacity > 65536 || (QueueCapacity & (QueueCapacity - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "QueueCapacity must be a power of two from 2 to 65536.");
        if (PollWindow < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(PollWindow), PollWindow, "PollWindow cannot be negative.");
        if (StallTimeout <= TimeSpan.Zero && StallTimeout != System.Threading.Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(StallTimeout), StallTimeout, "StallTimeout must be positive, or Timeout.InfiniteTimeSpan to turn stall detection off.");
        if (DrainTimeout < TimeSpan.Zero && DrainTimeout != System.Threading.Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(DrainTimeout), DrainTimeout, "DrainTimeout must be zero or more, or Timeout.InfiniteTimeSpan to wait for every accepted call.");
        if (CoreStackSize < 256 << 10)
            throw new ArgumentOutOfRangeException(nameof(CoreStackSize), CoreStackSize, "CoreStackSize must be at least 256 KiB.");
        if (!Enum.IsDefined(WhenQueueFull))
            throw new ArgumentOutOfRangeException(nameof(WhenQueueFull), WhenQueueFull, "Unknown FullQueuePolicy.");
        if (string.IsNullOrWhiteSpace(Name))
            throw new ArgumentException("Name must not be empty.", nameof(Name));
        if (PinThreads && !OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("PinThreads is supported on Linux only.");
    }
}
