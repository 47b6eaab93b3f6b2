using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace XCall;

/// <summary>
/// Fixed-size pinned buffers whose ownership moves between cores by handle instead of by copy (as a kernel passes a
/// page frame number instead of the page): rent a buffer, fill it, <see cref="SharedBuffer.Transfer"/> it into a <see cref="BufferHandle"/>
/// that travels inside a message, and <see cref="Receive"/> it on the other side. Every step checks ownership,
/// so a buffer used after it was handed on, received twice or returned twice is an exception, never shared memory
/// written by two cores. Renting, transferring, receiving and returning never allocate.
/// </summary>
/// <remarks>
/// A multikernel instance's pool (<see cref="MultikernelInstance.Buffers"/>) lives in its shared segment: a handle sent
/// to another instance names the same bytes there (<see cref="MultikernelInstance.ReceiveBuffer"/>). Only the owning
/// instance rents from it; any instance that received a buffer can transfer it on or return it.
/// </remarks>
public sealed unsafe class SharedBufferPool
{
    private const int Free = 0;
    private const int Owned = 1;
    private const int InTransit = 2;
    private const int Returned = 3;            // returned by another process: free once the owner takes it back
    private const int GenerationMask = 0x1FFFFFFF; // generation << 2 | phase stays a positive int
    private static int s_nextId;

    private readonly object? _memory;  // keeps the states and buffers reachable (pinned array, or segment); never moves
    private readonly int* _states;     // generation << 2 | phase, per buffer; in a segment, any instance may write them
    private readonly byte* _data;
    private readonly int[]? _next;     // the free stack, private to the process that rents: null in another instance's view
    private readonly bool _crossProcess;
    private long _head;                // free-stack top: ABA tag << 32 | (index + 1), 0 when empty
    private int _available;
    private volatile bool _detached;

    /// <summary>Creates <paramref name="bufferCount"/> buffers of <paramref name="bufferSize"/> bytes each, allocated once.</summary>
    public SharedBufferPool(int bufferSize, int bufferCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferCount, 1);
        long statesBytes = (long)bufferCount * sizeof(int);
        if (statesBytes + (long)bufferSize * bufferCount > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(bufferCount), bufferCount, "The pool would be larger than one array can hold.");
        byte[] memory = GC.AllocateArray<byte>((int)statesBytes + bufferSize * bufferCount, pinned: true);
        byte* start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(memory));
        _memory = memory;
        _states = (int*)start;
        _data = start + statesBytes;
        Id = Interlocked.Increment(ref s_nextId);
        BufferSize = bufferSize;
        Capacity = bufferCount;
        _next = new int[bufferCount];
        for (int i = bufferCount - 1; i >= 0; i--) Push(i);
        _available = bufferCount;
    }

    /// <summary>
    /// A pool over memory another process may share (a segment): its states start zeroed (all free) in the owner. An
    /// instance that does not own it gets a view: it receives, transfers and returns, but never rents.
    /// </summary>
    internal SharedBufferPool(int id, int* states, byte* data, int bufferSize, int bufferCount, bool owner, object memory)
    {
        Debug.Assert(id < 0, "pools in a segment have ids no pool of one process has");
        _memory = memory;
        _states = states;
        _data = data;
        _crossProcess = true;
        Id = id;
        BufferSize = bufferSize;
        Capacity = bufferCount;
        if (!owner) return;
        _next = new int[bufferCount];
        for (int i = bufferCount - 1; i >= 0; i--) Push(i);
        _available = bufferCount;
    }

    /// <summary>Bytes per buffer.</summary>
    public int BufferSize { get; }

    /// <summary>Buffers in the pool.</summary>
    public int Capacity { get; }

    /// <summary>Buffers free to rent now (in another instance's pool: buffers it has free).</summary>
    public int Available
    {
        get
        {
            if (_next is null) return CountFree();
            if (_crossProcess) TakeBackReturned();
            return Volatile.Read(ref _available);
        }
    }

    internal int Id { get; }

    /// <summary>Rents a buffer; the caller owns it until it transfers or returns it.</summary>
    /// <exception cref="InvalidOperationException">Every buffer is in use, or this is another instance's pool.</exception>
    /// <exception cref="ObjectDisposedException">The pool's instance left its multikernel.</exception>
    public SharedBuffer Rent() => TryRent(out SharedBuffer buffer)
        ? buffer
        : throw new InvalidOperationException($"All {Capacity} buffers of the pool are in use: return buffers, or make the pool larger.");

    /// <summary>Rents a buffer if one is free.</summary>
    /// <exception cref="InvalidOperationException">This is another instance's pool: only its owner rents from it.</exception>
    /// <exception cref="ObjectDisposedException">The pool's instance left its multikernel.</exception>
    public bool TryRent(out SharedBuffer buffer)
    {
        if (_next is null)
            throw new InvalidOperationException("This is another instance's buffer pool: only that instance rents from it. Rent from your own instance's Buffers, and return or pass on what you received.");
        ThrowIfDetached();
        while (true)
        {
            int index = Pop();
            if (index < 0 && _crossProcess && TakeBackReturned()) index = Pop();
            if (index < 0)
            {
                buffer = default;
                return false;
            }
            Interlocked.Decrement(ref _available);
            int state = Volatile.Read(ref _states[index]);
            // In a segment another process could have written the state: a buffer that is not free is left out of the pool.
            if ((state & 3) != Free || Interlocked.CompareExchange(ref _states[index], (state & ~3) | Owned, state) != state) continue;
            buffer = new SharedBuffer(this, index, state >> 2);
            return true;
        }
    }

    /// <summary>Takes ownership of a buffer another owner transferred.</summary>
    /// <exception cref="ArgumentException">The handle is empty, belongs to another pool, or names no buffer of it.</exception>
    /// <exception cref="InvalidOperationException">The buffer was already received, or the handle is stale.</exception>
    public SharedBuffer Receive(BufferHandle handle)
    {
        if (handle.IsEmpty) throw new ArgumentException("The buffer handle is empty.", nameof(handle));
        if (handle.PoolId != Id) throw new ArgumentException("The buffer handle belongs to another pool.", nameof(handle));
        if ((uint)handle.Index >= (uint)Capacity || (uint)handle.Generation > GenerationMask)
            throw new ArgumentException($"The buffer handle names buffer {handle.Index} of a pool of {Capacity}: it is corrupt.", nameof(handle));
        ThrowIfDetached();
        int inTransit = handle.Generation << 2 | InTransit;
        if (Interlocked.CompareExchange(ref _states[handle.Index], handle.Generation << 2 | Owned, inTransit) != inTransit)
            throw new InvalidOperationException("The buffer is not in transit under this handle: it was already received, or the handle is stale.");
        return new SharedBuffer(this, handle.Index, handle.Generation);
    }

    /// <summary>The instance left its multikernel: the memory is no longer shared, and renting or receiving fails from now on.</summary>
    internal void Detach() => _detached = true;

    internal Span<byte> SpanOf(int index, int generation)
    {
        Expect(index, generation, Owned, "use");
        return new Span<byte>(_data + (long)index * BufferSize, BufferSize);
    }

    internal BufferHandle Transfer(int index, int generation)
    {
        // A new generation: the sender's SharedBuffer value goes stale, only the handle can receive the buffer.
        int next = (generation + 1) & GenerationMask;
        Move(index, generation, next, InTransit, "transfer");
        return new BufferHandle(Id, index, next);
    }

    internal void Return(int index, int generation)
    {
        int next = (generation + 1) & GenerationMask;
        if (_next is null)
        {
            Move(index, generation, next, Returned, "return"); // the owner puts it back on its free stack when it needs it
            return;
        }
        Move(index, generation, next, Free, "return");
        Push(index);
        Interlocked.Increment(ref _available);
    }

    internal bool IsOwned(int index, int generation) => Volatile.Read(ref _states[index]) == (generation << 2 | Owned);

    private void Move(int index, int generation, int nextGeneration, int phase, string action)
    {
        int owned = generation << 2 | Owned;
        if (Interlocked.CompareExchange(ref _states[index], nextGeneration << 2 | phase, owned) != owned)
            Expect(index, generation, Owned, action);
    }

    private void Expect(int index, int generation, int phase, string action)
    {
        if (Volatile.Read(ref _states[index]) != (generation << 2 | phase))
            throw new InvalidOperationException($"Cannot {action} this buffer: it is no longer owned here (it was transferred or returned).");
    }

    /// <summary>Owner of a pool in a segment: puts buffers other instances returned back on the free stack; whether it found any.</summary>
    private bool TakeBackReturned()
    {
        bool found = false;
        for (int index = 0; index < Capacity; index++)
        {
            int state = Volatile.Read(ref _states[index]);
            if ((state & 3) != Returned || Interlocked.CompareExchange(ref _states[index], state & ~3 | Free, state) != state) continue;
            Push(index);
            Interlocked.Increment(ref _available);
            found = true;
        }
        return found;
    }

    private int CountFree()
    {
        int free = 0;
        for (int index = 0; index < Capacity; index++)
            if ((Volatile.Read(ref _states[index]) & 3) is Free or Returned) free++;
        return free;
    }

    private void ThrowIfDetached()
    {
        if (_detached) throw new ObjectDisposedException(nameof(SharedBufferPool), "The pool's multikernel instance left: its buffers are no longer shared.");
    }

    private void Push(int index)
    {
        while (true)
        {
            long head = Volatile.Read(ref _head);
            _next![index] = (int)head; // the low half: the old top (index + 1), 0 for empty
            long next = ((head >> 32) + 1) << 32 | (uint)(index + 1);
            if (Interlocked.CompareExchange(ref _head, next, head) == head) return;
        }
    }

    private int Pop()
    {
        while (true)
        {
            long head = Volatile.Read(ref _head);
            int top = (int)head - 1;
            if (top < 0) return -1;
            // The tag in the high half changes on every push and pop, so a stale read of _next cannot win (ABA).
            long next = ((head >> 32) + 1) << 32 | (uint)_next![top];
            if (Interlocked.CompareExchange(ref _head, next, head) == head) return top;
        }
    }
}

/// <summary>A buffer of a <see cref="SharedBufferPool"/> that the holder owns: use it, then transfer or return it.</summary>
public readonly struct SharedBuffer
{
    private readonly SharedBufferPool? _pool;
    private readonly int _index;
    private readonly int _generation;

    internal SharedBuffer(SharedBufferPool pool, int index, int generation)
    {
        _pool = pool;
        _index = index;
        _generation = generation;
    }

    /// <summary>The buffer's bytes. Do not keep the span past <see cref="Transfer"/> or <see cref="Return"/>.</summary>
    /// <exception cref="InvalidOperationException">The buffer was transferred or returned.</exception>
    public Span<byte> Span => Pool.SpanOf(_index, _generation);

    /// <summary>Whether this value still owns its buffer.</summary>
    public bool IsOwned => _pool is not null && _pool.IsOwned(_index, _generation);

    /// <summary>Gives the buffer up for another owner: returns the handle to send, and this value stops owning it.</summary>
    public BufferHandle Transfer() => Pool.Transfer(_index, _generation);

    /// <summary>Gives the buffer back to its pool.</summary>
    public void Return() => Pool.Return(_index, _generation);

    private SharedBufferPool Pool => _pool ?? throw new InvalidOperationException("This SharedBuffer is empty (default).");
}

/// <summary>
/// An unmanaged, 12-byte reference to a transferred buffer: put it in a message (an IPI payload or call argument)
/// and let the receiver call <see cref="SharedBufferPool.Receive"/>. <c>default</c> is the empty handle.
/// </summary>
public readonly struct BufferHandle : IEquatable<BufferHandle>
{
    internal BufferHandle(int poolId, int index, int generation)
    {
        PoolId = poolId;
        Index = index;
        Generation = generation;
    }

    /// <summary>Whether this is the empty handle.</summary>
    public bool IsEmpty => PoolId == 0;

    internal int PoolId { get; }

    internal int Index { get; }

    internal int Generation { get; }

    /// <inheritdoc/>
    public bool Equals(BufferHandle other) => PoolId == other.PoolId && Index == other.Index && Generation == other.Generation;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BufferHandle other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(PoolId, Index, Generation);

    /// <summary>Whether two handles name the same transfer.</summary>
    public static bool operator ==(BufferHandle left, BufferHandle right) => left.Equals(right);

    /// <summary>Whether two handles differ.</summary>
    public static bool operator !=(BufferHandle left, BufferHandle right) => !left.Equals(right);
}
