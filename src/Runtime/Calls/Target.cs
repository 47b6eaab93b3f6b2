using System;

namespace XCall;

/// <summary>Decides, core by core, whether a mask call is sent to that core (evaluated on the caller before sending).</summary>
/// <param name="core">A candidate core id.</param>
/// <returns>True to send the call to <paramref name="core"/>.</returns>
public delegate bool CorePredicate(int core);

/// <summary>
/// Where a call runs: one core, every online core, every online core but the caller's, the online cores of a
/// mask (optionally filtered by a per-core condition), or any one core of a mask.
/// </summary>
/// <remarks>
/// Offline cores are skipped by every form but <see cref="Core(int)"/>, for which an offline core is an error.
/// An <see cref="int"/> converts to <see cref="Core(int)"/>.
/// </remarks>
public readonly struct Target
{
    internal readonly TargetKind Kind;
    internal readonly int CoreId;
    internal readonly CoreMask Mask;
    internal readonly CorePredicate? Condition;

    private Target(TargetKind kind, int core, CoreMask mask, CorePredicate? condition)
    {
        Kind = kind;
        CoreId = core;
        Mask = mask;
        Condition = condition;
    }

    /// <summary>The one core <paramref name="core"/>.</summary>
    public static Target Core(int core) => new(TargetKind.Core, core, default, null);

    /// <summary>Every online core, the caller's included (a broadcast).</summary>
    public static Target All => new(TargetKind.All, -1, default, null);

    /// <summary>Every online core except the calling core; from a thread that is not a core, every online core.</summary>
    public static Target Others => new(TargetKind.Others, -1, default, null);

    /// <summary>The online cores of <paramref name="mask"/>; the mask must not be empty.</summary>
    public static Target InMask(CoreMask mask) => new(TargetKind.Mask, -1, mask, null);

    /// <summary>
    /// One core of <paramref name="mask"/>: the calling core if the mask holds it, else an idle core of the mask
    /// (searched from the caller's neighbours outwards), else the mask's least busy online core.
    /// </summary>
    public static Target AnyOf(CoreMask mask) => new(TargetKind.Any, -1, mask, null);

    /// <summary>
    /// This multi-core target restricted to the cores for which <paramref name="condition"/> returns true.
    /// The condition runs on the caller, once per candidate core, before anything is sent.
    /// </summary>
    public Target Where(CorePredicate condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (Kind is TargetKind.Core or TargetKind.Any)
            throw new InvalidOperationException($"A condition applies to All, Others and InMask targets, not to {Kind}.");
        return new(Kind, CoreId, Mask, condition);
    }

    /// <summary>The single core <paramref name="core"/>.</summary>
    public static implicit operator Target(int core) => Core(core);

    /// <summary>Describes the target, for example <c>Mask {1, 3} where condition</c>.</summary>
    public override string ToString() => Kind switch
    {
        TargetKind.Core => $"Core {CoreId}",
        TargetKind.Mask => $"Mask {Mask}" + (Condition is null ? "" : " where condition"),
        TargetKind.Any => $"Any of {Mask}",
        _ => Kind + (Condition is null ? "" : " where condition"),
    };
}

internal enum TargetKind : byte
{
    Core,
    All,
    Others,
    Mask,
    Any,
}
