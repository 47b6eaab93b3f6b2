using System;
using System.Runtime.CompilerServices;

namespace XCall;

/// <summary>
/// What a handler sees of the call it runs: the caller's arguments and references, where its result goes,
/// and which cores are involved. It points at memory the runtime owns for the call, so it lives only for the call.
/// </summary>
public ref struct CallFrame
{
    private readonly ref byte _args;
    private readonly ref SlotRefs _refs;
    private readonly ref byte _result;    // runtime-owned (a reply cell, a group's results) or the inline caller's own local
    private readonly object? _resultBox;  // a ResultBox<T> when the result does not fit the reply cell
    private readonly nint _resultType;    // the type SetResult must be given; 0 when nobody wants a value

    internal CallFrame(XCallRuntime runtime, int core, int senderCore, ref byte args, ref SlotRefs refs, ref byte result, object? resultBox, nint resultType)
    {
        Runtime = runtime;
        Core = core;
        SenderCore = senderCore;
        _args = ref args;
        _refs = ref refs;
        _result = ref result;
        _resultBox = resultBox;
        _resultType = resultType;
    }

    /// <summary>The runtime the call runs in.</summary>
    public XCallRuntime Runtime { get; }

    /// <summary>The core the call runs on.</summary>
    public int Core { get; }

    /// <summary>The core that sent the call, or −1 when a thread that is not a core sent it.</summary>
    public int SenderCore { get; }

    /// <summary>Whether the caller waits for a result (a sync call with a return value).</summary>
    public readonly bool HasResult => _resultType != 0;

    /// <summary>The unmanaged arguments the caller sent, read in place from the runtime's copy.</summary>
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
    public readonly void SetResult<T>(T value)
    {
        if (_resultType == 0) return;
        // The type check is a constant compare for value types: it turns a sender/handler mismatch into an
        // exception instead of a write of the wrong size into the result's memory.
        if (typeof(T).TypeHandle.Value != _resultType)
            throw new InvalidOperationException($"The caller waits for a result of another type than {typeof(T).Name}.");
        if (_resultBox is not null) ((ResultBox<T>)_resultBox).Value = value;
        else if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Unsafe.As<byte, T>(ref _result) = value; // the inline caller's own local
        else Unsafe.WriteUnaligned(ref _result, value);
    }
}

/// <summary>The references that travel beside a call's unmanaged arguments.</summary>
internal struct SlotRefs
{
    public object? R0, R1, R2, R3;

    /// <summary>Where an awaited call's outcome goes (see <see cref="CallKind.Awaited"/>).</summary>
    public IAwaitedCall? Awaited;

    public void Set(in CallRefs refs, IAwaitedCall? awaited = null)
    {
        (R0, R1, R2, R3) = (refs.R0, refs.R1, refs.R2, refs.R3);
        Awaited = awaited;
    }
}
