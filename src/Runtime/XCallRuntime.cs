using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace XCall;

/// <summary>
/// A set of cores (dedicated worker threads), each with bounded, allocation-free queues, and the low-level
/// call API the XCall source generator targets: run a handler on one core, on every core, on all but the
/// caller's, on a mask (optionally filtered by a condition) or on any one core of a mask; sync (wait for it)
/// or async (get a <see cref="Ticket"/>).
/// </summary>
/// <remarks>
/// Start one with <see cref="Start(XCallOptions?)"/> and dispose it to drain: disposal stops accepting calls,
/// lets the cores run everything accepted (for up to <see cref="XCallOptions.DrainTimeout"/>), and ends the
/// rest as cancelled. Most code uses the generated senders; see the documentation on the generated API.
/// </remarks>
public sealed partial class XCallRuntime : IDisposable, IAsyncDisposable
{
    /// <summary>The most bytes of unmanaged arguments (or IPI message) one call can carry inline in its slot.</summary>
    public const int MaxPayloadSize = Slot.PayloadCapacity;

    private const int Open = 0;
    private const int Closing = 1;
    private const int Closed = 2;

    [ThreadStatic] private static ProducerContext? t_context;
    [ThreadStatic] private static List<ContextLease>? t_leases;

    private readonly Core[] _cores;
    private readonly object _lock = new();
    private readonly ManualResetEventSlim _closed = new(false);
    private readonly ManualIpiChip? _manual;
    private readonly XCallMetrics _metrics;
    private readonly StallWatchdog? _watchdog;
    private readonly int _queueCapacity;
    private readonly FullQueuePolicy _whenFull;
    private readonly TimeSpan _drainTimeout;
    private ProducerContext[] _contexts = [];
    private CoreMaskBox _online;
    private int _state;
    private long _explicitWakeups;

    private XCallRuntime(XCallOptions options)
    {
        Name = options.Name;
        Chip = options.Chip ?? new ParkingIpiChip();
        _manual = Chip as ManualIpiChip;
        _queueCapacity = options.QueueCapacity;
        _whenFull = options.WhenQueueFull;
        _drainTimeout = options.DrainTimeout;
        PollWindowTicks = (long)(options.PollWindow.TotalSeconds * Stopwatch.Frequency);
        Oversubscribed = options.Cores >= Environment.ProcessorCount;
        _cores = new Core[options.Cores];
        for (int i = 0; i < _cores.Length; i++) _cores[i] = new Core(this, i);
        _online = new CoreMaskBox(CoreMask.Range(0, _cores.Length));
        Ipi = new IpiRegistry(this);
        Chip.Attach(this, _cores.Length);
        _metrics = new XCallMetrics(this, options.MeterFactory);
        if (options.StallTimeout != Timeout.InfiniteTimeSpan) _watchdog = new StallWatchdog(this, options.StallTimeout);
    }

    /// <summary>Starts a runtime: creates its cores and, unless the chip drives them, their threads.</summary>
    /// <param name="options">How to build it; null takes every default.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public static XCallRuntime Start(XCallOptions? options = null)
    {
        options ??= new XCallOptions();
        options.Validate();
        var runtime = new XCallRuntime(options);
        if (runtime.Chip.StartsThreads)
        {
            int[]? cpus = options.PinThreads ? ThreadAffinity.AllowedCpus() : null;
            foreach (Core core in runtime._cores) core.StartThread(cpus is null ? null : cpus[core.Id % cpus.Length]);
        }
        runtime._watchdog?.Start();
        return runtime;
    }

    /// <summary>The name given in <see cref="XCallOptions.Name"/>.</summary>
    public string Name { get; }

    /// <summary>The number of cores, online or not.</summary>
    public int CoreCount => _cores.Length;

    /// <summary>The chip that parks and wakes the cores.</summary>
    public IpiChip Chip { get; }

    /// <summary>The cores that accept calls now.</summary>
    public CoreMask OnlineCores => Volatile.Read(ref _online).Mask;

    /// <summary>The id of the core the calling thread runs as in this runtime, or −1 if it is not one of its cores.</summary>
    public int CurrentCore => CurrentCoreHere?.Id ?? -1;

    /// <summary>The id of the core the calling thread runs as (in whichever runtime), or −1. <see cref="PerCore{T}.Local"/> uses it.</summary>
    public static int CurrentCoreId => Core.Current?.Id ?? -1;

    /// <summary>Whether disposal began: no new call is accepted.</summary>
    public bool IsDisposed => Volatile.Read(ref _state) != Open;

    /// <summary>Raised on the core (or caller) where a handler threw; sync callers also get the exception, async tickets record it.</summary>
    /// <remarks>Keep observers quick; an exception an observer throws is swallowed so it cannot kill the core.</remarks>
    public event EventHandler<HandlerFaultedEventArgs>? HandlerFaulted;

    /// <summary>Raised on the watchdog thread when a call has run longer than <see cref="XCallOptions.StallTimeout"/>; once per stalled call.</summary>
    public event EventHandler<CallStalledEventArgs>? CallStalled;

    internal long PollWindowTicks { get; }

    /// <summary>At least as many cores as CPUs: spinning threads must leave room for the cores (see <see cref="Spinner"/>).</summary>
    internal bool Oversubscribed { get; }

    internal FaultArchive Faults { get; } = new();

    internal TicketWaitList Waiters { get; } = new();

    internal bool IsClosed => Volatile.Read(ref _state) != Open;

    internal Core CoreAt(int id) => _cores[id];

    internal ReadOnlySpan<Core> Cores => _cores;

    internal ProducerContext[] Contexts => Volatile.Read(ref _contexts);

    internal long ExplicitWakeups => Volatile.Read(ref _explicitWakeups);

    internal Core? CurrentCoreHere => Core.Current is { } core && core.Runtime == this ? core : null;

    /// <summary>Takes <paramref name="core"/> offline: it accepts no new call (unicasts to it throw <see cref="CoreOfflineException"/>,
    /// broadcasts skip it). Returns once every call it had accepted ran, unless called on that core itself.</summary>
    public void TakeOffline(int core)
    {
        Core target = ValidCore(core);
        SetOnline(target, false);
        // Every send checks the online flag inside its admission window: once no context is sending,
        // no call can still be on its way to the core (asymmetric Dekker, as in disposal).
        Interlocked.MemoryBarrierProcessWide();
        WaitForSenders();
        if (CurrentCoreHere != target) WaitForIssued(target, Deadline.Never);
    }

    /// <summary>Brings <paramref name="core"/> back online.</summary>
    public void BringOnline(int core)
    {
        ThrowIfDisposed();
        SetOnline(ValidCore(core), true);
    }

    /// <summary>Whether <paramref name="core"/> accepts calls.</summary>
    public bool IsOnline(int core) => ValidCore(core).IsOnline;

    /// <summary>
    /// Wakes the target cores with no call (the hobby kernel's <c>ipi_wake_up</c>): a parked core wakes and runs
    /// whatever is queued. Returns how many parked cores it woke.
    /// </summary>
    public int WakeUp(in Target target)
    {
        ThrowIfDisposed();
        int woken = 0;
        if (target.Kind == TargetKind.Core)
        {
            woken = ValidCore(target.CoreId).WakeUp() ? 1 : 0;
        }
        else
        {
            foreach (int id in ResolveMany(target)) if (_cores[id].WakeUp()) woken++;
        }
        Interlocked.Add(ref _explicitWakeups, woken);
        return woken;
    }

    /// <summary>
    /// Runs what is queued for the calling core now (the hobby kernel's <c>ipi_invoke</c>): from a handler that
    /// loops for a long time, this lets calls to its own core through. Returns how many calls ran.
    /// </summary>
    /// <exception cref="InvalidOperationException">The calling thread is not a core of this runtime.</exception>
    public int RunPending()
    {
        Core core = CurrentCoreHere ?? throw new InvalidOperationException("RunPending runs the calling core's queue, and the calling thread is not a core of this runtime.");
        return core.PollNested();
    }

    /// <summary>
    /// Waits until every call issued to this runtime so far, by any thread, finished (NetBSD's "wait for
    /// everything issued"). Calls issued while it waits may be included.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called on a core: it would wait for the call it is running.</exception>
    public void WaitForIssued() => WaitForIssued(Timeout.InfiniteTimeSpan);

    /// <summary>Like <see cref="WaitForIssued()"/>, giving up after <paramref name="timeout"/>; false on timeout.</summary>
    public bool WaitForIssued(TimeSpan timeout)
    {
        if (CurrentCoreHere is not null)
            throw new InvalidOperationException("WaitForIssued cannot run on a core: it would wait for the call that core is running.");
        Deadline deadline = Deadline.After(timeout);
        foreach (Core core in _cores)
            if (!WaitForIssued(core, deadline)) return false;
        return true;
    }

    /// <summary>A snapshot of the runtime's counters (the same numbers the <c>XCall</c> meter publishes).</summary>
    public XCallStatistics GetStatistics() => XCallStatistics.Read(this);

    /// <summary>Stops accepting calls, drains what was accepted, and stops the cores. See the class remarks.</summary>
    /// <exception cref="InvalidOperationException">Called on a core of this runtime (it would wait for itself).</exception>
    public void Dispose()
    {
        if (CurrentCoreHere is not null && _manual is null)
            throw new InvalidOperationException("A runtime cannot be disposed from one of its own cores: the core would wait for itself to stop.");
        if (Interlocked.CompareExchange(ref _state, Closing, Open) != Open)
        {
            _closed.Wait();
            return;
        }
        // Admission is closed; the barrier makes every sender either see it or be seen as sending (see EnterSend).
        Interlocked.MemoryBarrierProcessWide();
        WaitForSenders();
        if (_manual is not null) _manual.RunUntilIdle();
        else StopCores();
        _watchdog?.Stop();
        _metrics.Dispose();
        Volatile.Write(ref _state, Closed);
        _closed.Set();
    }

    /// <summary>Disposes the runtime on a thread-pool thread, so an async caller does not block while cores drain.</summary>
    public ValueTask DisposeAsync() => IsDisposed && _closed.IsSet ? default : new ValueTask(Task.Run(Dispose));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void CheckPayload<TArgs>() where TArgs : unmanaged
    {
        // A constant per instantiation: the JIT removes the branch for every argument struct that fits.
        if (Unsafe.SizeOf<TArgs>() > MaxPayloadSize) ThrowPayloadTooLarge(typeof(TArgs), Unsafe.SizeOf<TArgs>());
    }

    [DoesNotReturn]
    private static void ThrowPayloadTooLarge(Type type, int size) =>
        throw new ArgumentException($"{type.Name} is {size} bytes, larger than a slot's {MaxPayloadSize}-byte payload; pass large data by reference (a SharedBuffer) instead.", "TArgs");

    internal void ThrowIfDisposed()
    {
        if (IsClosed) ThrowClosed();
    }

    internal void ThrowClosed() => throw new ObjectDisposedException(nameof(XCallRuntime), $"The XCall runtime '{Name}' is shut down (or shutting down) and accepts no new calls.");

    /// <summary>The calling thread's producer context in this runtime, made or adopted on its first send.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ProducerContext Context()
    {
        ProducerContext? context = t_context;
        return context is not null && context.Runtime == this ? context : ContextSlow();
    }

    private ProducerContext ContextSlow()
    {
        List<ContextLease> leases = t_leases ??= new List<ContextLease>();
        foreach (ContextLease lease in leases)
        {
            if (lease.Context.Runtime == this) return t_context = lease.Context;
        }
        for (int i = leases.Count - 1; i >= 0; i--)
            if (leases[i].Context.Runtime.IsClosed) leases.RemoveAt(i);

        IWaiter waiter = CurrentCoreHere is { } core && _manual is null ? core : ThreadWaiter.Current;
        ProducerContext? context = null;
        lock (_lock)
        {
            foreach (ProducerContext candidate in _contexts)
            {
                if (candidate.TryAdopt(waiter))
                {
                    context = candidate;
                    break;
                }
            }
            if (context is null)
            {
                context = new ProducerContext(this, waiter);
                var grown = new ProducerContext[_contexts.Length + 1];
                _contexts.CopyTo(grown, 0);
                grown[^1] = context;
                Volatile.Write(ref _contexts, grown);
            }
        }
        leases.Add(new ContextLease(context));
        return t_context = context;
    }

    /// <summary>Called on a core thread before its loop: its context wakes it through the chip and knows it is that core.</summary>
    internal void BindCoreThread(Core core) => Context().Self = core;

    internal Lane CreateLane(ProducerContext owner, Core core, bool high)
    {
        lock (_lock)
        {
            var lane = new Lane(owner, core, _queueCapacity, high, core.NextLaneId());
            core.AddLane(lane);
            return lane;
        }
    }

    internal void ReportFault(Core core, nint thunk, Exception fault)
    {
        if (HandlerFaulted is not { } observers) return;
        try
        {
            observers(this, new HandlerFaultedEventArgs(core.Id, HandlerNames.Of(thunk), fault));
        }
        catch (Exception)
        {
            // An observer's own exception must not kill the core or replace the handler's fault.
        }
    }

    internal void ReportStall(Core core, nint thunk, TimeSpan elapsed)
    {
        if (CallStalled is not { } observers) return;
        try
        {
            observers(this, new CallStalledEventArgs(core.Id, HandlerNames.Of(thunk), elapsed));
        }
        catch (Exception)
        {
            // As for faults: reporting must not take the watchdog down.
        }
    }

    internal long StallsOf(int core) => _watchdog?.StallsOf(core) ?? 0;

    /// <summary>A core that exists, or an exception naming the bad id.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Core ValidCore(int core)
    {
        Core[] cores = _cores;
        if ((uint)core >= (uint)cores.Length) ThrowNoSuchCore(core);
        return cores[core];
    }

    [DoesNotReturn]
    private void ThrowNoSuchCore(int core) =>
        throw new ArgumentOutOfRangeException(nameof(core), core, $"Core {core} does not exist: this runtime has {_cores.Length} cores (0 to {_cores.Length - 1}).");

    /// <summary>The cores of a multi-core target: validated, online, filtered by its condition.</summary>
    internal CoreMask ResolveMany(in Target target)
    {
        CoreMask online = OnlineCores;
        CoreMask mask = target.Kind switch
        {
            TargetKind.All => online,
            TargetKind.Others => CurrentCoreHere is { } self ? online.Without(self.Id) : online,
            TargetKind.Mask => ValidMask(target.Mask) & online,
            TargetKind.Core => CoreMask.Of(ValidCore(target.CoreId).Id) & online,
            _ => ValidMask(target.Mask) & online,
        };
        if (target.Condition is { } condition)
        {
            foreach (int id in mask)
                if (!condition(id)) mask = mask.Without(id);
        }
        return mask;
    }

    internal CoreMask ValidMask(CoreMask mask)
    {
        if (mask.IsEmpty) throw new ArgumentException("The core mask is empty: name at least one core.", nameof(mask));
        if (mask.Highest >= _cores.Length)
            throw new ArgumentOutOfRangeException(nameof(mask), mask, $"The mask names core {mask.Highest}, but this runtime has {_cores.Length} cores (0 to {_cores.Length - 1}).");
        return mask;
    }

    /// <summary>Any one core of the mask (Linux smp_xcall_any): the caller's, else the nearest idle one, else the least busy.</summary>
    internal Core PickAny(CoreMask mask)
    {
        CoreMask candidates = ValidMask(mask) & OnlineCores;
        if (candidates.IsEmpty) throw new CoreOfflineException(mask.NextAtOrAfter(0), $"No core of {mask} is online.");
        Core? self = CurrentCoreHere;
        if (self is not null && candidates.Contains(self.Id)) return self;
        // Search outwards from the caller's core ("near" = nearby ids); a non-core thread starts somewhere of its own.
        int origin = self?.Id ?? Environment.CurrentManagedThreadId % _cores.Length;
        Core? best = null;
        int bestDepth = int.MaxValue;
        for (int distance = 0; distance < _cores.Length; distance++)
        {
            for (int side = 0; side < 2; side++)
            {
                int id = side == 0 ? origin + distance : origin - distance;
                if ((uint)id >= (uint)_cores.Length || !candidates.Contains(id) || (distance == 0 && side == 1)) continue;
                Core core = _cores[id];
                if (core.LooksIdle) return core;
                int depth = core.Depth;
                if (depth < bestDepth) (best, bestDepth) = (core, depth);
            }
        }
        return best!;
    }

    private void SetOnline(Core core, bool online)
    {
        lock (_lock)
        {
            core.IsOnline = online;
            CoreMask mask = _online.Mask;
            Volatile.Write(ref _online, new CoreMaskBox(online ? mask.With(core.Id) : mask.Without(core.Id)));
        }
    }

    /// <summary>Waits until no thread is inside a send (their admission windows are a few stores long).</summary>
    private void WaitForSenders()
    {
        foreach (ProducerContext context in Contexts)
        {
            var spinner = new SpinWait();
            while (context.IsSending) spinner.SpinOnce();
        }
    }

    private void StopCores()
    {
        foreach (Core core in _cores) core.RequestStop();
        var drain = Stopwatch.StartNew();
        bool drained = true;
        foreach (Core core in _cores)
        {
            TimeSpan left = _drainTimeout - drain.Elapsed;
            drained &= core.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        if (drained) return;
        // Past the drain timeout: cores end the rest as cancelled. A core stuck inside a handler keeps its
        // thread (a background thread) and cancels its queue when the handler returns; disposal does not wait for it.
        foreach (Core core in _cores) core.CancelRemaining();
        foreach (Core core in _cores) core.WaitForExit(_drainTimeout);
    }

    private sealed class CoreMaskBox(CoreMask mask)
    {
        public CoreMask Mask { get; } = mask;
    }
}
