using System.Runtime.CompilerServices;
using System.Threading;

namespace XCall;

/// <summary>
/// A 32-bit word in shared memory that one thread sleeps on (a futex) and threads of any process wake: a core's
/// wake word, or an instance's attention word. The word is its own "parked" announcement, so waking is coalesced
/// the way it is inside a process: only a waker that finds the word parked pays for the system call.
/// </summary>
/// <remarks>
/// States: <see cref="Awake"/>, <see cref="Parked"/> (the sleeper announced it will block), <see cref="Notified"/> (a wake-up
/// the sleeper has not consumed yet: its next wait returns at once) and <see cref="Retired"/> (the word is no longer
/// used: never block on it). A peer may write anything into a shared word; a value outside these states only makes a
/// wait return early, never block for good.
/// </remarks>
internal static unsafe class WakeWord
{
    public const int Awake = 0;
    public const int Parked = 1;
    public const int Notified = 2;
    public const int Retired = 3;

    /// <summary>
    /// Sleeper: announces it is parked; the caller then checks for work (the announcement is a full fence, so a waker
    /// that published before it finds the word parked, or the check finds the work). False if a wake-up was pending
    /// (consumed now) or the word is retired: do not block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Announce(int* word)
    {
        int seen = Interlocked.CompareExchange(ref *word, Parked, Awake);
        if (seen == Awake) return true;
        if (seen == Notified) Interlocked.CompareExchange(ref *word, Awake, Notified);
        return false;
    }

    /// <summary>Sleeper, after <see cref="Announce"/> and a check that found nothing: blocks until woken or the timeout passes, then is awake again.</summary>
    public static void Block(int* word, int millisecondsTimeout)
    {
        Posix.FutexWaitWhile(word, Parked, millisecondsTimeout);
        Settle(word);
    }

    /// <summary>Sleeper, not blocking after all (it found work): awake again, consuming a wake-up that raced in.</summary>
    public static void Settle(int* word)
    {
        if (Interlocked.CompareExchange(ref *word, Awake, Parked) != Parked) Interlocked.CompareExchange(ref *word, Awake, Notified);
    }

    /// <summary>
    /// Waker that must not lose its signal (the sleeper waits for a condition this thread just made true): marks the
    /// word notified, so a sleeper about to block returns at once, and wakes it if it is blocked.
    /// </summary>
    public static bool Notify(int* word)
    {
        int seen = Volatile.Read(ref *word);
        if (seen == Notified || seen == Retired) return false;
        if (Interlocked.Exchange(ref *word, Notified) != Parked) return false;
        Posix.FutexWake(word, 1);
        return true;
    }

    /// <summary>
    /// Waker after publishing work the sleeper checks for after announcing (a message in a ring): wakes it only if it
    /// is parked, once per park. The caller issues a full fence between its publication and this call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool WakeIfParked(int* word)
    {
        if (Volatile.Read(ref *word) != Parked || Interlocked.CompareExchange(ref *word, Notified, Parked) != Parked) return false;
        Posix.FutexWake(word, 1);
        return true;
    }

    /// <summary>Takes the word out of use: a sleeper blocked on it wakes, and no one blocks on it again.</summary>
    public static void Retire(int* word)
    {
        if (Interlocked.Exchange(ref *word, Retired) == Parked) Posix.FutexWake(word, 1);
    }
}
