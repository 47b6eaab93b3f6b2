using System;
using System.Runtime.CompilerServices;

namespace XCall;

/// <summary>
/// One <typeparamref name="T"/> per core, like the kernel's <c>DEFINE_PER_CPU</c>: code on a core reaches its own
/// entry through <see cref="Local"/> without locks, and entries sit on separate cache lines so cores never
/// slow each other down.
/// </summary>
/// <typeparam name="T">The per-core state; a struct is updated in place through the returned reference.</typeparam>
public sealed class PerCore<T>
{
    private readonly T[] _items;
    private readonly int _stride;

    /// <summary>Default-initialised entries for every possible core id (0 to <see cref="CoreMask.Capacity"/> − 1).</summary>
    public PerCore()
        : this(CoreMask.Capacity)
    {
    }

    /// <summary>Default-initialised entries for cores 0 to <paramref name="coreCount"/> − 1.</summary>
    public PerCore(int coreCount)
    {
        if (coreCount < 1 || coreCount > CoreMask.Capacity)
            throw new ArgumentOutOfRangeException(nameof(coreCount), coreCount, $"PerCore holds 1 to {CoreMask.Capacity} cores.");
        // Entries 128 bytes apart (at least): no two cores write the same or an adjacent cache line.
        _stride = Math.Max(1, (128 + Unsafe.SizeOf<T>() - 1) / Unsafe.SizeOf<T>());
        _items = new T[coreCount * _stride];
        Count = coreCount;
    }

    /// <summary>Entries for cores 0 to <paramref name="coreCount"/> − 1, each made by <paramref name="initialize"/>(core).</summary>
    public PerCore(int coreCount, Func<int, T> initialize)
        : this(coreCount)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        for (int core = 0; core < coreCount; core++) this[core] = initialize(core);
    }

    /// <summary>Entries for each core of <paramref name="runtime"/>, each made by <paramref name="initialize"/>(core).</summary>
    public PerCore(XCallRuntime runtime, Func<int, T> initialize)
        : this(runtime?.CoreCount ?? throw new ArgumentNullException(nameof(runtime)), initialize)
    {
    }

    /// <summary>The number of entries (core ids 0 to <c>Count</c> − 1).</summary>
    public int Count { get; }

    /// <summary>Core <paramref name="core"/>'s entry. Reading another core's entry while it runs is a race the caller owns.</summary>
    public ref T this[int core]
    {
        get
        {
            if ((uint)core >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(core), core, $"This PerCore has entries for cores 0 to {Count - 1}.");
            return ref _items[core * _stride];
        }
    }

    /// <summary>The calling core's entry.</summary>
    /// <exception cref="InvalidOperationException">The calling thread is not a core.</exception>
    public ref T Local
    {
        get
        {
            int core = XCallRuntime.CurrentCoreId;
            if (core < 0) throw new InvalidOperationException("PerCore<T>.Local is for code that runs on a core (inside a cross call); this thread is not a core.");
            return ref this[core];
        }
    }
}
