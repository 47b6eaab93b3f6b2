using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace XCall;

/// <summary>
/// Where a core puts the outcome of one sync call: runtime-owned memory, never the sender's stack. The sender waits
/// on it and copies the result out; one that leaves early (an exception, a timeout, a cancellation) abandons the cell,
/// which is reused only once the core is done with it.
/// </summary>
/// <remarks>
/// Two words, each written by one side: <see cref="State"/> by the core, <see cref="Caller"/> by the sender. Each
/// side writes its own word, then reads the other's; the sender, whose writes are rare (about to block, cancelling,
/// leaving), follows its write with a process-wide barrier, so the core's side needs no fence (asymmetric Dekker).
/// </remarks>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct ReplyCell
{
    public const int Size = 64;

    /// <summary>Results of at most this many bytes, without references, travel in the cell itself.</summary>
    public const int InlineResultBytes = Size - 16;

    // States, written by the core (or by the sender before it sends).
    public const int Pending = 0;
    public const int Started = 1; // a cancellable call began running: cancelling it no longer stops it
    public const int Done = 2;
    public const int Faulted = 3;
    public const int Cancelled = 4;

    // Caller flags, written by the sender.
    public const int Waiter = 1;          // blocked: the core must signal the sender's waiter
    public const int CancelRequested = 2; // do not start the call
    public const int Abandoned = 4;       // the sender left: nobody reads the outcome
    public const int Boxed = 8;           // set before sending: the result goes to the cell's box, not inline

    [FieldOffset(0)] public int State;
    [FieldOffset(4)] public int Caller;

    /// <summary>The type handle <see cref="CallFrame.SetResult{T}(T)"/> must match; 0 when the sender wants no value.</summary>
    [FieldOffset(8)] public nint ResultType;

    [FieldOffset(16)] public byte Result; // the first of InlineResultBytes bytes

    public static bool IsTerminal(int state) => state >= Done;

    /// <summary>Whether a <typeparamref name="T"/> result travels in the cell (a constant per instantiation).</summary>
    public static bool FitsInline<T>() => !RuntimeHelpers.IsReferenceOrContainsReferences<T>() && Unsafe.SizeOf<T>() <= InlineResultBytes;
}

/// <summary>A reusable home for a result that does not fit a reply cell (large, or holding references); a handler's
/// <see cref="CallFrame.SetResult{T}(T)"/> writes into it.</summary>
internal class ResultBox<T>
{
    public T Value = default!;
}

/// <summary>
/// One sender's reply cells, made on demand (one per sync call it has in flight: a core waiting at depth n needs n)
/// and reused. Cells live in chunks that never move, so a core can hold a cell's address while the set grows.
/// Only the owner thread rents, returns and abandons; cores only write cells they were sent.
/// </summary>
internal sealed unsafe class ReplyCells
{
    private const int ChunkShift = 4;
    private const int ChunkSize = 1 << ChunkShift;

    private Chunk[] _chunks = []; // copy-on-write: cores read it without a lock
    private int[] _free = new int[ChunkSize];
    private int _freeCount;
    private int[] _abandoned = [];
    private int _abandonedCount;

    /// <summary>Owner: a cell set to pending, with the result type and box a call returning <typeparamref name="TResult"/> needs.</summary>
    public int Rent<TResult>(bool wantsResult)
    {
        if (_abandonedCount != 0) ReclaimAbandoned();
        if (_freeCount == 0) Grow();
        int index = _free[--_freeCount];
        ReplyCell* cell = At(index);
        bool boxed = wantsResult && !ReplyCell.FitsInline<TResult>();
        if (boxed)
        {
            ref object? box = ref BoxAt(index);
            if (box is not ResultBox<TResult>) box = new ResultBox<TResult>(); // once per cell and result type
        }
        cell->State = ReplyCell.Pending;
        cell->Caller = boxed ? ReplyCell.Boxed : 0;
        cell->ResultType = wantsResult ? typeof(TResult).TypeHandle.Value : 0;
        return index;
    }

    /// <summary>Owner: takes a finished call's outcome and frees the cell. Throws what the handler threw, or the cancellation.</summary>
    public TResult Collect<TResult>(int index, int core)
    {
        ReplyCell* cell = At(index);
        int state = Volatile.Read(ref cell->State);
        Debug.Assert(ReplyCell.IsTerminal(state), "collecting a finished call");
        ref Exception? slot = ref FaultAt(index);
        Exception? fault = slot;
        slot = null;
        TResult result = default!;
        if (state == ReplyCell.Done && cell->ResultType != 0)
        {
            if ((cell->Caller & ReplyCell.Boxed) == 0)
            {
                result = Unsafe.ReadUnaligned<TResult>(&cell->Result);
            }
            else
            {
                var box = (ResultBox<TResult>)BoxAt(index)!;
                result = box.Value;
                box.Value = default!; // drop the reference: the cell may idle for long
            }
        }
        Return(index);
        if (state == ReplyCell.Cancelled) throw Cancellation.ShutDown(core);
        if (fault is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(fault);
        return result;
    }

    /// <summary>
    /// Owner: the sender leaves without the outcome. The cell is freed now if the call finished, else once the core
    /// finished it; either way nothing is written anywhere but the cell. Returns the state seen (terminal or not).
    /// </summary>
    public int Abandon(int index)
    {
        int state = Flag(index, ReplyCell.Abandoned);
        if (ReplyCell.IsTerminal(state))
        {
            FaultAt(index) = null;
            Return(index);
        }
        else
        {
            if (_abandonedCount == _abandoned.Length) Array.Resize(ref _abandoned, Math.Max(4, _abandoned.Length * 2));
            _abandoned[_abandonedCount++] = index;
        }
        return state;
    }

    /// <summary>Owner: asks the core to skip the call if it has not started. True if the call will not run.</summary>
    public bool TryCancel(int index) => Flag(index, ReplyCell.CancelRequested) is ReplyCell.Pending or ReplyCell.Cancelled;

    /// <summary>Owner: about to block; after this the core signals the owner's waiter on completion. False if already finished.</summary>
    public bool RegisterWaiter(int index) => !ReplyCell.IsTerminal(Flag(index, ReplyCell.Waiter));

    /// <summary>
    /// Owner: sets a caller flag, then reads the state. The process-wide barrier is the heavy half of the Dekker (see
    /// <see cref="ReplyCell"/>): after it, the core either sees the flag (when it starts or completes the call, with no
    /// fence of its own) or the state returned is the one it wrote.
    /// </summary>
    private int Flag(int index, int flag)
    {
        ReplyCell* cell = At(index);
        Volatile.Write(ref cell->Caller, cell->Caller | flag);
        Interlocked.MemoryBarrierProcessWide();
        return Volatile.Read(ref cell->State);
    }

    public bool IsFinished(int index) => ReplyCell.IsTerminal(Volatile.Read(ref At(index)->State));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReplyCell* At(int index) => Volatile.Read(ref _chunks)[index >> ChunkShift].Cell(index & (ChunkSize - 1));

    public ref Exception? FaultAt(int index) => ref Volatile.Read(ref _chunks)[index >> ChunkShift].Faults[index & (ChunkSize - 1)];

    public ref object? BoxAt(int index) => ref Volatile.Read(ref _chunks)[index >> ChunkShift].Boxes[index & (ChunkSize - 1)];

    /// <summary>Cells made so far (for footprint figures).</summary>
    public int Count => _chunks.Length * ChunkSize;

    /// <summary>Owner: frees a cell whose call was never sent (the queue was busy, or sending threw).</summary>
    public void Return(int index)
    {
        if (_freeCount == _free.Length) Array.Resize(ref _free, _free.Length * 2);
        _free[_freeCount++] = index;
    }

    private void ReclaimAbandoned()
    {
        int kept = 0;
        for (int i = 0; i < _abandonedCount; i++)
        {
            int index = _abandoned[i];
            if (IsFinished(index))
            {
                FaultAt(index) = null;
                Return(index);
            }
            else
            {
                _abandoned[kept++] = index;
            }
        }
        _abandonedCount = kept;
    }

    private void Grow()
    {
        Chunk[] chunks = _chunks;
        int first = chunks.Length * ChunkSize;
        if (first + ChunkSize > CallRecord.MaxIndex)
            throw new InvalidOperationException($"A thread has {first} sync calls in flight, the most one thread can have.");
        var grown = new Chunk[chunks.Length + 1];
        chunks.CopyTo(grown, 0);
        grown[^1] = new Chunk();
        Volatile.Write(ref _chunks, grown);
        if (_free.Length < ChunkSize) Array.Resize(ref _free, ChunkSize);
        for (int i = ChunkSize - 1; i >= 0; i--) Return(first + i);
    }

    private sealed class Chunk
    {
        private readonly PinnedMemory _memory = new(ChunkSize * ReplyCell.Size);
        public readonly Exception?[] Faults = new Exception?[ChunkSize];
        public readonly object?[] Boxes = new object?[ChunkSize];

        public ReplyCell* Cell(int offset) => (ReplyCell*)(_memory.Start + offset * ReplyCell.Size);
    }
}
