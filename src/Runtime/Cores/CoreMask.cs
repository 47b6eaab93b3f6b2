using System;
using System.Numerics;
using System.Text;

namespace XCall;

/// <summary>
/// An immutable set of core ids (0 to <see cref="Capacity"/> − 1), like the kernel's cpumask.
/// A value type of 32 bytes: building and passing masks never allocates.
/// </summary>
public readonly struct CoreMask : IEquatable<CoreMask>
{
    /// <summary>The number of core ids a mask can hold, and so the most cores a runtime can have.</summary>
    public const int Capacity = 256;

    private readonly ulong _w0, _w1, _w2, _w3;

    private CoreMask(ulong w0, ulong w1, ulong w2, ulong w3) => (_w0, _w1, _w2, _w3) = (w0, w1, w2, w3);

    /// <summary>The mask with no cores.</summary>
    public static CoreMask Empty => default;

    /// <summary>A mask holding just <paramref name="core"/>.</summary>
    public static CoreMask Of(int core) => Empty.With(core);

    /// <summary>A mask holding each of <paramref name="cores"/>.</summary>
    public static CoreMask Of(params ReadOnlySpan<int> cores)
    {
        CoreMask mask = Empty;
        foreach (int core in cores) mask = mask.With(core);
        return mask;
    }

    /// <summary>A mask holding the <paramref name="count"/> cores starting at <paramref name="first"/>.</summary>
    public static CoreMask Range(int first, int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "A core range cannot have a negative count.");
        CoreMask mask = Empty;
        for (int core = first; core < first + count; core++) mask = mask.With(core);
        return mask;
    }

    /// <summary>Whether the mask holds no core.</summary>
    public bool IsEmpty => (_w0 | _w1 | _w2 | _w3) == 0;

    /// <summary>How many cores the mask holds.</summary>
    public int Count => BitOperations.PopCount(_w0) + BitOperations.PopCount(_w1) + BitOperations.PopCount(_w2) + BitOperations.PopCount(_w3);

    /// <summary>The highest core id in the mask, or −1 if it is empty.</summary>
    public int Highest
    {
        get
        {
            for (int w = 3; w >= 0; w--)
            {
                ulong bits = Word(w);
                if (bits != 0) return w * 64 + 63 - BitOperations.LeadingZeroCount(bits);
            }
            return -1;
        }
    }

    /// <summary>Whether the mask holds <paramref name="core"/>; false for ids outside 0 to <see cref="Capacity"/> − 1.</summary>
    public bool Contains(int core) => (uint)core < Capacity && (Word(core >> 6) & (1UL << (core & 63))) != 0;

    /// <summary>This mask with <paramref name="core"/> added.</summary>
    public CoreMask With(int core)
    {
        Check(core);
        ulong bit = 1UL << (core & 63);
        return (core >> 6) switch
        {
            0 => new(_w0 | bit, _w1, _w2, _w3),
            1 => new(_w0, _w1 | bit, _w2, _w3),
            2 => new(_w0, _w1, _w2 | bit, _w3),
            _ => new(_w0, _w1, _w2, _w3 | bit),
        };
    }

    /// <summary>This mask with <paramref name="core"/> removed.</summary>
    public CoreMask Without(int core)
    {
        Check(core);
        return this & ~Of(core);
    }

    /// <summary>The lowest core id in the mask that is at least <paramref name="start"/>, or −1 if there is none.</summary>
    public int NextAtOrAfter(int start)
    {
        if (start < 0) start = 0;
        for (int w = start >> 6; w < 4; w++)
        {
            ulong bits = Word(w);
            if (w == start >> 6) bits &= ~0UL << (start & 63);
            if (bits != 0) return w * 64 + BitOperations.TrailingZeroCount(bits);
        }
        return -1;
    }

    /// <summary>The cores in either mask.</summary>
    public static CoreMask operator |(CoreMask a, CoreMask b) => new(a._w0 | b._w0, a._w1 | b._w1, a._w2 | b._w2, a._w3 | b._w3);

    /// <summary>The cores in both masks.</summary>
    public static CoreMask operator &(CoreMask a, CoreMask b) => new(a._w0 & b._w0, a._w1 & b._w1, a._w2 & b._w2, a._w3 & b._w3);

    /// <summary>Every core id not in the mask (up to <see cref="Capacity"/>).</summary>
    public static CoreMask operator ~(CoreMask a) => new(~a._w0, ~a._w1, ~a._w2, ~a._w3);

    /// <summary>Whether both masks hold the same cores.</summary>
    public static bool operator ==(CoreMask a, CoreMask b) => a.Equals(b);

    /// <summary>Whether the masks differ.</summary>
    public static bool operator !=(CoreMask a, CoreMask b) => !a.Equals(b);

    /// <inheritdoc/>
    public bool Equals(CoreMask other) => _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CoreMask other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_w0, _w1, _w2, _w3);

    /// <summary>The cores as a set, for example <c>{0, 2, 3}</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("{");
        foreach (int core in this)
        {
            if (text.Length > 1) text.Append(", ");
            text.Append(core);
        }
        return text.Append('}').ToString();
    }

    /// <summary>Enumerates the core ids in ascending order without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Walks the core ids of a mask in ascending order.</summary>
    public struct Enumerator
    {
        private readonly CoreMask _mask;
        private int _current;

        internal Enumerator(CoreMask mask) => (_mask, _current) = (mask, -1);

        /// <summary>The current core id.</summary>
        public readonly int Current => _current;

        /// <summary>Moves to the next core id; false when there is none.</summary>
        public bool MoveNext()
        {
            if (_current >= Capacity - 1) return false;
            int next = _mask.NextAtOrAfter(_current + 1);
            _current = next < 0 ? Capacity : next;
            return next >= 0;
        }
    }

    private ulong Word(int index) => index switch { 0 => _w0, 1 => _w1, 2 => _w2, _ => _w3 };

    private static void Check(int core)
    {
        if ((uint)core >= Capacity)
            throw new ArgumentOutOfRangeException(nameof(core), core, $"Core ids run from 0 to {Capacity - 1}.");
    }
}
