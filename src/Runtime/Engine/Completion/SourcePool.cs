using System;
using System.Numerics;
using System.Threading;

namespace XCall;

/// <summary>
/// A small lock-free pool of the reusable completion sources awaiting senders use, so an await allocates nothing in
/// steady state. Any thread rents and returns; each starts looking at a slot picked by its thread id, so threads
/// rarely contend for one. An empty pool gives nothing (the caller makes a new source); a full one drops a return.
/// </summary>
internal sealed class SourcePool<T> where T : class
{
    private readonly T?[] _items;

    public SourcePool(int size)
    {
        if (!BitOperations.IsPow2(size)) throw new ArgumentOutOfRangeException(nameof(size), size, "The pool's size is a power of two.");
        _items = new T?[size];
    }

    /// <summary>A pooled source, or null when the pool is empty.</summary>
    public T? TryRent()
    {
        int mask = _items.Length - 1, start = Environment.CurrentManagedThreadId & mask;
        for (int i = 0; i < _items.Length; i++)
            if (Interlocked.Exchange(ref _items[(start + i) & mask], null) is { } item) return item;
        return null;
    }

    /// <summary>Puts a source that nobody uses any more back, unless the pool is full.</summary>
    public void Return(T item)
    {
        int mask = _items.Length - 1, start = Environment.CurrentManagedThreadId & mask;
        for (int i = 0; i < _items.Length; i++)
            if (Interlocked.CompareExchange(ref _items[(start + i) & mask], item, null) is null) return;
    }
}
