using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace XCall;

/// <summary>
/// A parking chip whose cores can be woken from other processes: an idle core sleeps on a futex word, and once its
/// runtime joins a multikernel (<see cref="XCallRuntime.JoinMultikernel"/>) those words live in the instance's
/// shared segment, where a core of another instance that sends it a message wakes it directly. Linux only.
/// </summary>
/// <remarks>
/// Before joining (and after leaving) the words are private to the process and the chip parks like
/// <see cref="ParkingIpiChip"/>. A sleeping core re-checks its queues after announcing itself on its word, so a sender
/// in another process, which publishes, fences, and then looks at the word, never loses a wake-up; and only a sender
/// that finds the core parked makes the system call.
/// </remarks>
public sealed unsafe class MultikernelIpiChip : IpiChip
{
    private XCallRuntime? _runtime;
    private readonly List<int[]> _localWords = []; // every private word array made, kept: a core may still hold a pointer into one
    private nint _words;                             // int* of the core words now in use, one per line; swapped on join and leave

    /// <summary>Creates the chip.</summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux (x64 or arm64).</exception>
    public MultikernelIpiChip()
    {
        if (!Posix.IsSupported) throw new PlatformNotSupportedException("The multikernel mode needs Linux on x64 or arm64 (futexes and /dev/shm).");
    }

    private static int Stride => SegmentLayout.LineBytes / sizeof(int);

    /// <inheritdoc/>
    protected internal override void Wait(int core, int millisecondsTimeout)
    {
        nint words = Volatile.Read(ref _words);
        int* word = (int*)words + core * Stride;
        if (!WakeWord.Announce(word)) return;
        // The announcement is a full fence: a sender in another process that published before it sees the word
        // parked and wakes us; one that published after is seen by this check of the inbound queues. A swap of the
        // words meanwhile (the old ones may be let go already) makes us return and wait on the new ones.
        if (_runtime!.CoreAt(core).HasWork || Volatile.Read(ref _words) != words) WakeWord.Settle(word);
        else WakeWord.Block(word, millisecondsTimeout);
    }

    /// <inheritdoc/>
    protected internal override void Notify(int core) => WakeWord.Notify(Word(core));

    internal override void Attach(XCallRuntime runtime, int coreCount)
    {
        base.Attach(runtime, coreCount);
        _runtime = runtime;
        UseLocalWords(coreCount);
    }

    /// <summary>Moves the cores onto words in a segment (joining): cores asleep on the old words wake and sleep again on the new ones.</summary>
    internal void Bind(int* words) => Swap((nint)words);

    /// <summary>Moves the cores back onto private words (leaving the multikernel, before its segment is let go).</summary>
    internal void Unbind() => UseLocalWords(_runtime!.CoreCount);

    private void UseLocalWords(int coreCount)
    {
        int[] words = GC.AllocateArray<int>(coreCount * Stride, pinned: true);
        lock (_localWords) _localWords.Add(words);
        Swap((nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(words)));
    }

    private void Swap(nint words)
    {
        // Release: a core that reads the new pointer sees initialised words. The old words are retired after the
        // swap, so a core that read the old pointer just before returns from its wait instead of sleeping there.
        nint old = Interlocked.Exchange(ref _words, words);
        if (old == 0) return;
        for (int core = 0; core < _runtime!.CoreCount; core++) WakeWord.Retire((int*)old + core * Stride);
    }

    private int* Word(int core) => (int*)Volatile.Read(ref _words) + core * Stride;
}
