namespace XCall;

/// <summary>
/// Up to <see cref="Capacity"/> object references that travel with a call beside its unmanaged arguments.
/// They are stored in the slot's reference fields, never boxed or copied.
/// </summary>
public readonly struct CallRefs
{
    /// <summary>The most references one call can carry.</summary>
    public const int Capacity = 4;

    internal readonly object? R0, R1, R2, R3;

    /// <summary>Carries the given references; unused positions stay null.</summary>
    public CallRefs(object? r0, object? r1 = null, object? r2 = null, object? r3 = null) => (R0, R1, R2, R3) = (r0, r1, r2, r3);

    internal bool IsEmpty => R0 is null && R1 is null && R2 is null && R3 is null;
}
