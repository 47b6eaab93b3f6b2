using System;
using System.Threading;

namespace XCall;

/// <summary>Something that can be woken: a thread blocked in a wait, or a core (through its chip).</summary>
internal interface IWaiter
{
    void Signal();
}

/// <summary>The per-thread wake-up gate of a thread that is not a core.</summary>
internal sealed class ThreadWaiter : IWaiter
{
    [ThreadStatic] private static ThreadWaiter? t_current;

    private readonly SemaphoreSlim _gate = new(0);

    public static ThreadWaiter Current => t_current ??= new ThreadWaiter();

    public void Signal() => _gate.Release();

    /// <summary>Blocks until signalled (a signal that came first makes it return at once) or the timeout passes.</summary>
    public void Block(int millisecondsTimeout) => _gate.Wait(millisecondsTimeout);
}
