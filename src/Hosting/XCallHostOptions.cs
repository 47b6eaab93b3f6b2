using System;
using System.Diagnostics.Metrics;
using System.Threading;

namespace XCall.Hosting;

/// <summary>
/// The options of the runtime <c>AddXCall</c> registers: those of <see cref="XCallOptions"/>, settable, so that
/// configuration (the <c>XCall</c> section) and code can both set them. Defaults are the runtime's.
/// </summary>
public sealed class XCallHostOptions
{
    /// <summary>The configuration section the options are bound from: <c>XCall</c>, as in <c>XCall:Cores</c>.</summary>
    public const string SectionName = "XCall";

    private static readonly XCallOptions s_defaults = new();

    /// <summary>The number of cores. Default: the number of CPUs. See <see cref="XCallOptions.Cores"/>.</summary>
    public int Cores { get; set; } = s_defaults.Cores;

    /// <summary>Pin core <c>i</c> to the <c>i</c>-th CPU the process may run on (Linux only). See <see cref="XCallOptions.PinThreads"/>.</summary>
    public bool PinThreads { get; set; } = s_defaults.PinThreads;

    /// <summary>The most calls one sender thread can have queued on one core, a power of two. See <see cref="XCallOptions.QueueCapacity"/>.</summary>
    public int QueueCapacity { get; set; } = s_defaults.QueueCapacity;

    /// <summary>What a call that is not a <c>Try</c> form does when its queue is full. See <see cref="XCallOptions.WhenQueueFull"/>.</summary>
    public FullQueuePolicy WhenQueueFull { get; set; } = s_defaults.WhenQueueFull;

    /// <summary>How long idle cores and sync callers spin before they block. See <see cref="XCallOptions.PollWindow"/>.</summary>
    public TimeSpan PollWindow { get; set; } = s_defaults.PollWindow;

    /// <summary>How idle cores wait and are woken. Default: <see cref="IpiChipKind.Parking"/>.</summary>
    public IpiChipKind Chip { get; set; } = IpiChipKind.Parking;

    /// <summary>
    /// A call still running after this long is reported (and logged as a stall); <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>
    /// turns detection off. See <see cref="XCallOptions.StallTimeout"/>.
    /// </summary>
    public TimeSpan StallTimeout { get; set; } = s_defaults.StallTimeout;

    /// <summary>
    /// How long stopping lets the cores run what was accepted before the rest is cancelled. The host's shutdown timeout
    /// caps it: a longer value (or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>) is shortened to that. See
    /// <see cref="XCallOptions.DrainTimeout"/>.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = s_defaults.DrainTimeout;

    /// <summary>The stack each core thread reserves, in bytes. See <see cref="XCallOptions.CoreStackSize"/>.</summary>
    public int CoreStackSize { get; set; } = s_defaults.CoreStackSize;

    /// <summary>The name core threads, log messages and metrics carry. See <see cref="XCallOptions.Name"/>.</summary>
    public string Name { get; set; } = s_defaults.Name;

    /// <summary>The runtime's options: these, with the drain capped by the host's shutdown timeout and the host's meter factory.</summary>
    internal XCallOptions ToRuntimeOptions(TimeSpan shutdownTimeout, IMeterFactory meterFactory) => new()
    {
        Cores = Cores,
        PinThreads = PinThreads,
        QueueCapacity = QueueCapacity,
        WhenQueueFull = WhenQueueFull,
        PollWindow = PollWindow,
        Chip = Chip == IpiChipKind.Polling ? new PollingIpiChip() : new ParkingIpiChip(),
        StallTimeout = StallTimeout,
        DrainTimeout = Shorter(DrainTimeout, shutdownTimeout),
        CoreStackSize = CoreStackSize,
        Name = Name,
        MeterFactory = meterFactory,
    };

    /// <summary>The shorter of two timeouts, either of which may be infinite.</summary>
    private static TimeSpan Shorter(TimeSpan a, TimeSpan b) =>
        a == Timeout.InfiniteTimeSpan ? b : b == Timeout.InfiniteTimeSpan || a < b ? a : b;
}
