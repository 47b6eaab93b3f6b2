using System;
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
/// Several runtimes in one process are independent.
/// </remarks>
public sealed partial class XCallRuntime : IDisposable, IAsyncDisposable
{
    /// <summary>The most bytes of unmanaged arguments (or IPI message) one call can carry inline in its record.</summary>
    public const int MaxPayloadSize = 256;

    private const int Open = 0;
    private const int Closing = 1;
    private const int Closed = 2;

    private readonly Core[] _cores;
    private readonly object _lock = new();
    private readonly ManualResetEventSlim _closed = new(false);
    private readonly XCallMetrics _metrics;
    private readonly StallWatchdog? _watchdog;
    private readonly int _queueCapacity;
    private readonly FullQueuePolicy _whenFull;
    private readonly TimeSpan _drainTimeout;
    private readonly ProducerRegistry _producers;
    private CoreMaskBox _online;
    private int _state;
    private long _explicitWakeups;
    private IInboundQueue[] _inbound = [];

    private XCallRuntime(XCallOptions options)
    {
        Name = options.Name;
        Chip = options.Chip ?? new ParkingIpiChip();
        _queueCapacity = options.QueueCapacity;
        _whenFull = options.WhenQueueFull;
        _drainTimeout = options.DrainTimeout;
        PollWindowTicks = (long)(options.PollWindow.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        Oversubscribed = options.Cores >= Environment.ProcessorCount;
        _cores = new Core[options.Cores];
        for (int i = 0; i < _cores.Length; i++) _cores[i] = new Core(this, i);
        _online = new CoreMaskBox(CoreMask.Range(0, _cores.Length));
        _producers = new ProducerRegistry(this);
        Ipi = new IpiRegistry(this);
        Chip.Attach(this, _cores.Length);
        Driver = Chip.CreateDriver(this);
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
        runtime.Driver.Start(options);
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

    /// <summary>The id of the core the calling thread runs as, or −1 when it is not a core (a thread is a core of one runtime at most: see <see cref="Current"/>).</summary>
    public static int CurrentCoreId => Core.Current?.Id ?? -1;

    /// <summary>
    /// The runtime whose core the calling thread is, or null: inside a handler, the runtime to make further calls with
    /// (for example <c>Tlb.FlushOnOthers(XCallRuntime.Current!, page)</c>) without passing it along.
    /// </summary>
    public static XCallRuntime? Current => Core.Current?.Runtime;

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

    internal Driver Driver { get; }

    internal TicketWaitList Waiters { get; } = new();

    internal XCallMetrics Metrics => _metrics;

    /// <summary>The send time a call carries: now while queue times are recorded, else 0 (the call path reads one flag).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal long SentAt() => _metrics.RecordsQueueTime ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;

    /// <summary>Queues every core drains besides its lanes (calls from other processes); copy-on-write.</summary>
    internal IInboundQueue[] Inbound => Volatile.Read(ref _inbound);

    /// <summary>Adds a queue the cores drain from now on.</summary>
    internal void AddInbound(IInboundQueue queue)
    {
        lock (_lock) Volatile.Write(ref _inbound, [.. _inbound, queue]);
        foreach (Core core in _cores) core.WakeUp(); // a parked core looks at the new queue at once
    }

    /// <summary>Removes a queue: cores stop draining it (a core inside its Drain finishes that call first).</summary>
    internal void RemoveInbound(IInboundQueue queue)
    {
        lock (_lock) Volatile.Write(ref _inbound, Array.FindAll(_inbound, other => other != queue));
    }

    internal bool IsClosed => Volatile.Read(ref _state) != Open;

    internal Core CoreAt(int id) => _cores[id];

    internal ReadOnlySpan<Core> Cores => _cores;

    internal ProducerContext[] Contexts => _producers.All;

    internal long ExplicitWakeups => Volatile.Read(ref _explicitWakeups);

    internal Core? CurrentCoreHere => Core.Current is { } core && core.Runtime == this ? core : null;

    /// <summary>Takes <paramref name="core"/> offline: it accepts no new call (unicasts to it throw <see cref="CoreOfflineException"/>,
    /// broadcasts skip it). Returns once every call it had accepted finished, unless called on that core itself; a core
    /// that calls this keeps serving its own queue while it waits.</summary>
    public void TakeOffline(int core)
    {
        Core target = ValidCore(core);
        ThrowIfDisposed();
        SetOnline(target, false);
        // Every send checks the online flag inside its admission window: once no context is sending, no call can
        // still be on its way to the core (asymmetric Dekker, as in disposal). Senders waiting for room look again.
        Interlocked.MemoryBarrierProcessWide();
        _producers.WaitForSenders();
        _producers.WakeRoomWaiters();
        if (CurrentCoreHere != target) WaitForIssued(target, Deadline.Never);
    }

    /// <summary>Brings <paramref name="core"/> back online.</summary>
    public void BringOnline(int core)
    {
        Core target = ValidCore(core);
        ThrowIfDisposed();
        SetOnline(target, true);
    }

    /// <summary>Whether <paramref name="core"/> accepts calls.</summary>
    public bool IsOnline(int core) => ValidCore(core).IsOnline;

    /// <summary>
    /// Wakes the target cores with no call: a parked core wakes and runs whatever is queued. Returns how many parked
    /// cores it woke.
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
    /// Runs what is queued for the calling core now: from a handler that loops for a long time, this lets calls to
    /// its own core through. Each call that runs completes at once (its ticket, its slot). Returns how many calls ran.
    /// </summary>
    /// <exception cref="InvalidOperationException">The calling thread is not a core of this runtime.</exception>
    public int RunPending()
    {
        Core core = CurrentCoreHere ?? throw new InvalidOperationException("RunPending runs the calling core's queue, and the calling thread is not a core of this runtime.");
        core.EnterWait(default);
        try
        {
            return core.Poll();
        }
        finally
        {
            core.ExitWait();
        }
    }

    /// <summary>
    /// Waits until every call issued to this runtime so far, by any thread, finished (wait for "everything
    /// issued"). Calls issued while it waits may be included.
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
        if (CurrentCoreHere is not null && Driver.CoresHaveThreads)
            throw new InvalidOperationException("A runtime cannot be disposed from one of its own cores: the core would wait for itself to stop.");
        if (Interlocked.CompareExchange(ref _state, Closing, Open) != Open)
        {
            _closed.Wait();
            return;
        }
        try
        {
            Deadline drain = Deadline.After(_drainTimeout);
            // Admission is closed; the barrier makes every sender either see it or be seen as sending (see EnterSend).
            Interlocked.MemoryBarrierProcessWide();
            _producers.WaitForSenders();
            _producers.WakeRoomWaiters();
            Driver.Stop(drain);
        }
        finally
        {
            _watchdog?.Stop();
            _metrics.Dispose();
            Volatile.Write(ref _state, Closed);
            _closed.Set();
        }
    }

    /// <summary>Disposes the runtime on a thread-pool thread, so an async caller does not block while cores drain.</summary>
    public ValueTask DisposeAsync() => IsDisposed && _closed.IsSet ? default : new ValueTask(Task.Run(Dispose));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void CheckPayload<TArgs>() where TArgs : unmanaged
    {
        // A constant per instantiation: the JIT removes the branch for every argument struct that fits.
        if (sizeof(TArgs) > MaxPayloadSize) ThrowPayloadTooLarge(typeof(TArgs), sizeof(TArgs));
    }

    [DoesNotReturn]
    private static void ThrowPayloadTooLarge(Type type, int size) =>
        throw new ArgumentException($"{type.Name} is {size} bytes, larger than a call's {MaxPayloadSize}-byte payload; pass large data by reference (a SharedBuffer) instead.", "TArgs");

    internal void ThrowIfDisposed()
    {
        if (IsClosed) ThrowClosed();
    }

    [DoesNotReturn]
    internal void ThrowClosed() => throw new ObjectDisposedException(nameof(XCallRuntime), $"The XCall runtime '{Name}' is shut down (or shutting down) and accepts no new calls.");

    /// <summary>The calling thread's sender context in this runtime, made or adopted on its first send.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ProducerContext Context() => _producers.Current();

    /// <summary>Called on a core thread before its loop: its context knows it is that core.</summary>
    internal void BindCoreThread(Core core) => Context().Self = core;

    internal Lane CreateLane(ProducerContext owner, Core core, bool high)
    {
        var lane = new Lane(owner, core, _queueCapacity, high);
        lock (_lock) core.AddLane(lane);
        return lane;
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

    private void SetOnline(Core core, bool online)
    {
        lock (_lock)
        {
            core.IsOnline = online;
            CoreMask mask = _online.Mask;
            Volatile.Write(ref _online, new CoreMaskBox(online ? mask.With(core.Id) : mask.Without(core.Id)));
        }
    }

    private sealed class CoreMaskBox(CoreMask mask)
    {
        public CoreMask Mask { get; } = mask;
    }
}
