using System;
using System.Threading;
using XCall.Testing;

namespace XCall;

/// <summary>
/// How an idle core waits and how a sender wakes it (an "IPI chip", after the interrupt controller that delivers
/// inter-processor interrupts in a kernel). The runtime owns the
/// park protocol (a core announces it is parked, re-checks its queues, then calls <see cref="Wait"/>; a sender
/// that sees the announcement calls <see cref="Notify"/> once), so a chip is only a per-core wake-up primitive.
/// </summary>
/// <remarks>
/// Built in: <see cref="ParkingIpiChip"/> (default), <see cref="PollingIpiChip"/> and <see cref="ManualIpiChip"/>.
/// Derive from this class to wake cores some other way (an eventfd the core also polls, for example).
/// A chip serves one runtime.
/// </remarks>
public abstract class IpiChip
{
    private int _attached;

    /// <summary>Whether idle cores block in <see cref="Wait"/>; false makes cores poll forever and senders never signal.</summary>
    protected internal virtual bool CoresPark => true;

    /// <summary>How the runtime's cores get run: a thread each, unless the chip drives them itself.</summary>
    internal virtual Driver CreateDriver(XCallRuntime runtime) => new ThreadedDriver(runtime);

    /// <summary>Called once, before any core starts, with the runtime's core count.</summary>
    protected virtual void OnAttach(int coreCount)
    {
    }

    /// <summary>
    /// Blocks the calling core thread until <see cref="Notify"/> is called for <paramref name="core"/> or the timeout
    /// passes. A <see cref="Notify"/> that came before the wait must make it return at once; returning early is allowed.
    /// </summary>
    /// <param name="core">The core whose thread is calling.</param>
    /// <param name="millisecondsTimeout">The longest wait, or <see cref="Timeout.Infinite"/>.</param>
    protected internal abstract void Wait(int core, int millisecondsTimeout);

    /// <summary>Wakes <paramref name="core"/> from <see cref="Wait"/> (or makes its next wait return at once). Called from any thread.</summary>
    protected internal abstract void Notify(int core);

    internal virtual void Attach(XCallRuntime runtime, int coreCount)
    {
        if (Interlocked.Exchange(ref _attached, 1) != 0)
            throw new InvalidOperationException($"This {GetType().Name} already serves a runtime; give each runtime its own chip.");
        OnAttach(coreCount);
    }
}

/// <summary>The default chip: an idle core polls for the poll window, then blocks on a per-core semaphore until a sender wakes it.</summary>
public sealed class ParkingIpiChip : IpiChip
{
    private SemaphoreSlim[] _gates = [];

    /// <inheritdoc/>
    protected override void OnAttach(int coreCount)
    {
        _gates = new SemaphoreSlim[coreCount];
        for (int i = 0; i < coreCount; i++) _gates[i] = new SemaphoreSlim(0);
    }

    /// <inheritdoc/>
    protected internal override void Wait(int core, int millisecondsTimeout) => _gates[core].Wait(millisecondsTimeout);

    /// <inheritdoc/>
    protected internal override void Notify(int core) => _gates[core].Release();
}

/// <summary>Cores never block: an idle core keeps polling its queues (lowest latency, one busy CPU per core), and senders never signal.</summary>
public sealed class PollingIpiChip : IpiChip
{
    /// <inheritdoc/>
    protected internal override bool CoresPark => false;

    /// <inheritdoc/>
    protected internal override void Wait(int core, int millisecondsTimeout) => Spinner.CpuPause(); // new work is seen within tens of nanoseconds

    /// <inheritdoc/>
    protected internal override void Notify(int core)
    {
    }
}
