using System;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace XCall;

/// <summary>
/// A caller-owned call request: it carries its own storage for arguments and result, so sending it never needs a
/// queue slot and never finds a queue full (the kernel's private call data, for code where nothing may allocate).
/// Prepare it once, send it, and reuse it after it finished, all without allocating. Sending it again while it is
/// still in flight is an <see cref="InvalidOperationException"/>, never a corrupted call.
/// </summary>
/// <remarks>
/// Send it with <see cref="XCallRuntime.Call(int, XCallRequest)"/>, <see cref="XCallRuntime.Call{TResult}(int, XCallRequest)"/>
/// or <see cref="XCallRuntime.Post(int, XCallRequest)"/>. Prepare and send it from one thread at a time.
/// </remarks>
public sealed unsafe class XCallRequest : ITicketSource
{
    // _state holds generation << 2 | phase; a new flight bumps the generation, so old tickets tell they are old.
    private const long Idle = 0;
    private const long InFlight = 1;
    private const long InFlightWaiter = 2; // in flight, and the sync sender is blocked
    private const long Completing = 3;     // the core is publishing the outcome
    private const long PhaseMask = 3;

    private long _state;
    private nint _thunk;
    private Payload _payload;
    private SlotRefs _refs;
    private XCallRuntime? _runtime;
    private ResultStorage _result; // the handler's result: the request's own memory, copied out by the sync sender
    private object? _resultBox;    // a ResultBox<T> for results that do not fit _result
    private bool _boxed;           // this flight's result goes to _resultBox
    private nint _resultType;
    private int _sender;
    private int _target = -1;
    private TicketStatus _outcome;
    private Exception? _fault;
    private bool _observed;        // a sync sender took the outcome of this flight
    private OutcomeLog? _outcomes; // failures of earlier flights, for their tickets
    private IWaiter? _waiter;

    /// <summary>Sets the handler and arguments the request carries on its next sends.</summary>
    /// <typeparam name="THandler">The handler to run.</typeparam>
    /// <typeparam name="TArgs">Its argument struct, at most <see cref="XCallRuntime.MaxPayloadSize"/> bytes.</typeparam>
    /// <param name="args">The arguments, copied into the request.</param>
    /// <param name="refs">References that travel with the call; the request keeps them until the next prepare.</param>
    /// <exception cref="InvalidOperationException">The request is in flight.</exception>
    public void Prepare<THandler, TArgs>(in TArgs args, CallRefs refs = default)
        where THandler : ICrossCallHandler<TArgs>
        where TArgs : unmanaged
    {
        XCallRuntime.CheckPayload<TArgs>();
        if ((WaitWhileCompleting() & PhaseMask) != Idle) throw InFlightError();
        _thunk = Thunks<THandler, TArgs>.Pointer;
        Unsafe.WriteUnaligned(ref Unsafe.As<Payload, byte>(ref _payload), args);
        _refs.Set(refs);
    }

    /// <summary>Whether the request was sent and has not finished yet.</summary>
    public bool IsInFlight => (Volatile.Read(ref _state) & PhaseMask) != Idle;

    /// <summary>Whether <see cref="Prepare{THandler, TArgs}"/> was called.</summary>
    public bool IsPrepared => _thunk != 0;

    XCallRuntime ITicketSource.Runtime => _runtime!;

    internal XCallRequest? Next { get; set; }

    /// <summary>The current flight, for the running stack.</summary>
    internal CallId Id => new(this, Volatile.Read(ref _state) >> 2);

    /// <summary>The core the current flight was sent to.</summary>
    internal Core? TargetCore => _target >= 0 ? _runtime?.CoreAt(_target) : null;

    /// <summary>Starts a flight; returns its generation. Throws if unprepared or in flight.</summary>
    internal long Begin<TResult>(XCallRuntime runtime, int target, int sender, bool wantsResult)
    {
        if (_thunk == 0)
            throw new InvalidOperationException("This XCallRequest has no handler: call Prepare<THandler, TArgs>(args) before sending it.");
        while (true)
        {
            long state = WaitWhileCompleting();
            if ((state & PhaseMask) != Idle) throw InFlightError();
            long generation = state >> 2;
            // An unobserved failure is logged before the generation moves, so the old ticket still reports it (see GetStatus).
            if (_outcome is TicketStatus.Faulted or TicketStatus.Cancelled && !_observed) (_outcomes ??= new OutcomeLog()).Record(generation, _fault);
            if (Interlocked.CompareExchange(ref _state, (generation + 1) << 2 | InFlight, state) != state) continue;
            _fault = null;
            _observed = false;
            _outcome = TicketStatus.Pending;
            _runtime = runtime;
            _target = target;
            _sender = sender;
            _resultType = wantsResult ? typeof(TResult).TypeHandle.Value : 0;
            _boxed = wantsResult && !ReplyCell.FitsInline<TResult>();
            if (_boxed && _resultBox is not ResultBox<TResult>) _resultBox = new ResultBox<TResult>();
            return generation + 1;
        }
    }

    /// <summary>Runs the request on <paramref name="core"/> (or cancels it) and publishes the outcome.</summary>
    internal void Run(Core core, bool cancelled)
    {
        Exception? fault = null;
        if (!cancelled)
        {
            object? box = _boxed ? _resultBox : null;
            var frame = new CallFrame(_runtime!, core.Id, _sender, ref Unsafe.As<Payload, byte>(ref _payload), ref _refs,
                ref Unsafe.As<ResultStorage, byte>(ref _result), box, _resultType);
            fault = core.Invoke(_thunk, ref frame);
        }
        _fault = fault;
        _outcome = cancelled ? TicketStatus.Cancelled : fault is null ? TicketStatus.Completed : TicketStatus.Faulted;
        long generation = Volatile.Read(ref _state) >> 2;
        // Completing first: nobody can register or resend until the waiter (if any) is read.
        long before = Interlocked.Exchange(ref _state, generation << 2 | Completing);
        IWaiter? waiter = (before & PhaseMask) == InFlightWaiter ? _waiter : null;
        _waiter = null;
        Volatile.Write(ref _state, generation << 2 | Idle);
        waiter?.Signal();
    }

    internal bool IsFinished(long generation)
    {
        long state = Volatile.Read(ref _state);
        return state >> 2 != generation || (state & PhaseMask) == Idle;
    }

    /// <summary>The sync sender asks to be woken; false if the flight already finished (the request is idle again).</summary>
    internal bool RegisterWaiter(long generation, IWaiter waiter)
    {
        _waiter = waiter; // before the compare-exchange, which publishes it to the core's exchange in Run
        long inFlight = generation << 2 | InFlight;
        long seen = Interlocked.CompareExchange(ref _state, generation << 2 | InFlightWaiter, inFlight);
        if (seen == inFlight || seen == (generation << 2 | InFlightWaiter)) return true;
        // Too late to register: the core is publishing the outcome this instant, or has. Wait that instant out, so
        // a sender that returns finds its request idle and can send it again at once.
        WaitWhileCompleting();
        return false;
    }

    /// <summary>Spins while the core is between publishing the outcome and marking the request idle (a few instructions,
    /// unless the core thread is preempted there); returns the state seen after.</summary>
    private long WaitWhileCompleting()
    {
        var spinner = new SpinWait();
        long state;
        while (((state = Volatile.Read(ref _state)) & PhaseMask) == Completing) spinner.SpinOnce();
        return state;
    }

    /// <summary>The sync sender takes the outcome of the flight it waited for: the result, or what the handler threw.</summary>
    internal TResult TakeOutcome<TResult>(int core)
    {
        _observed = true;
        if (_outcome == TicketStatus.Faulted) ExceptionDispatchInfo.Throw(_fault!);
        if (_outcome == TicketStatus.Cancelled) throw Cancellation.ShutDown(core);
        if (_resultType == 0) return default!;
        if (_boxed)
        {
            var box = (ResultBox<TResult>)_resultBox!;
            TResult value = box.Value;
            box.Value = default!;
            return value;
        }
        return Unsafe.ReadUnaligned<TResult>(ref Unsafe.As<ResultStorage, byte>(ref _result));
    }


    TicketStatus ITicketSource.GetStatus(long generation, out Exception? fault)
    {
        fault = null;
        long state = Volatile.Read(ref _state);
        if (state >> 2 != generation) return Earlier(generation, out fault);
        if ((state & PhaseMask) != Idle) return TicketStatus.Pending;
        TicketStatus outcome = _outcome;
        fault = _fault;
        // Seqlock-style check: a resend logs the old failure before the generation moves.
        return Volatile.Read(ref _state) == state ? outcome : Earlier(generation, out fault);
    }

    private TicketStatus Earlier(long generation, out Exception? fault)
    {
        fault = null;
        return Volatile.Read(ref _outcomes) is { } outcomes ? outcomes.Lookup(generation, out fault) : TicketStatus.Completed;
    }

    private InvalidOperationException InFlightError() =>
        new($"This XCallRequest is still in flight (sent to core {_target}): wait for it to finish before preparing or sending it again.");

    [InlineArray(XCallRuntime.MaxPayloadSize / sizeof(long))]
    private struct Payload
    {
        private long _element;
    }

    [InlineArray(ReplyCell.InlineResultBytes / sizeof(long))]
    private struct ResultStorage
    {
        private long _element;
    }
}
