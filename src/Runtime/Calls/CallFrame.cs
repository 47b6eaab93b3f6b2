using System;
using System.Runtime.CompilerServices;

namespace XCall;

/// <summary>
/// What a handler sees of the call it runs: the caller's arguments and references, where its result goes,
/// and which cores are involved. It points into the queue slot, so it lives only for the call.
/// </summary>
public unsafe ref struct CallFrame
{
    private readonly ref byte _args;
    private readonly ref SlotRefs _refs;
    private readonly void* _result;
    private readonly nint _auxiliary;
    private readonly bool _resultInSlot;
    private SmallResult _smallResult;

    internal CallFrame(XCallRuntime runtime, int core, int senderCore, ref byte args, ref SlotRefs refs, void* result, nint auxiliary, bool resultInSlot = false)
    {
        Runtime = runtime;
        Core = core;
        SenderCore = senderCore;
        _args = ref args;
        _refs = ref refs;
        _result = result;
        _auxiliary = auxiliary;
        _resultInSlot = resultInSlot;
    }

    /// <summary>The runtime the call runs in.</summary>
    public XCallRuntime Runtime { get; }

    /// <summary>The core the call runs on.</summary>
    public int Core { get; }

    /// <summary>The core that sent the call, or −1 when a thread that is not a core sent it.</summary>
    public int SenderCore { get; }

    /// <summary>Whether the caller waits for a result (a sync call with a return value).</summary>
    public readonly bool HasResult => _result != null;

    /// <summary>The unmanaged arguments the caller sent, read in place from the slot.</summary>
    /// <typeparam name="T">The argument struct the caller sent.</typeparam>
    public readonly ref readonly T Args<T>() where T : unmanaged => ref Unsafe.As<byte, T>(ref _args);

    /// <summary>The reference the caller passed at <paramref name="index"/> (0 to <see cref="CallRefs.Capacity"/> − 1), or null.</summary>
    /// <exception cref="InvalidCastException">The reference is not a <typeparamref name="T"/>.</exception>
    public readonly T? Ref<T>(int index) where T : class => index switch
    {
        0 => (T?)_refs.R0,
        1 => (T?)_refs.R1,
        2 => (T?)_refs.R2,
        3 => (T?)_refs.R3,
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, $"A call carries references 0 to {CallRefs.Capacity - 1}."),
    };

    /// <summary>Hands <paramref name="value"/> back to a waiting caller; does nothing when nobody waits for a result.</summary>
    /// <exception cref="InvalidOperationException">The caller waits for a result of another type.</exception>
    public void SetResult<T>(T value)
    {
        if (_result == null) return;
        // The type check is a constant compare for value types: it turns a sender/handler mismatch into an
        // exception instead of a write past the caller's result variable (or past the small-result buffer).
        if (typeof(T).TypeHandle.Value != _auxiliary)
            throw new InvalidOperationException($"The caller waits for a result of another type than {typeof(T).Name}.");
        if (_resultInSlot) Unsafe.WriteUnaligned(ref Unsafe.As<SmallResult, byte>(ref _smallResult), value);
        else Unsafe.AsRef<T>(_result) = value;
    }

    /// <summary>The small result the handler set (zero if none), for the core to copy into the slot after the call.</summary>
    internal readonly SmallResult SmallResult => _smallResult;

    /// <summary>The slot's auxiliary word: the message type of an IPI message.</summary>
    internal readonly nint Auxiliary => _auxiliary;
}

/// <summary>The managed half of a queue slot: references cannot live in the slot's unmanaged memory.</summary>
internal struct SlotRefs
{
    public object? R0, R1, R2, R3;

    /// <summary>The group a multi-core call completes into.</summary>
    public Group? Group;

    /// <summary>The exception an async call threw, kept until the slot is reused (then archived).</summary>
    public Exception? Fault;

    public void Set(in CallRefs refs) => (R0, R1, R2, R3) = (refs.R0, refs.R1, refs.R2, refs.R3);

    public void ClearArguments() => R0 = R1 = R2 = R3 = null;
}
