using System;

namespace XCall;

/// <summary>A call named a core that is offline (see <see cref="XCallRuntime.TakeOffline(int)"/>).</summary>
public sealed class CoreOfflineException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="core"/>.</summary>
    public CoreOfflineException(int core)
        : this(core, $"Core {core} is offline: bring it online before calling it.")
    {
    }

    /// <summary>Creates the exception for <paramref name="core"/> with a message.</summary>
    public CoreOfflineException(int core, string message)
        : base(message) => Core = core;

    /// <summary>The offline core.</summary>
    public int Core { get; }
}

/// <summary>A call found its queue full and the runtime's <see cref="XCallOptions.WhenQueueFull"/> is <see cref="FullQueuePolicy.Throw"/>.</summary>
public sealed class QueueFullException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="core"/>.</summary>
    public QueueFullException(int core)
        : base($"The queue to core {core} is full: the core is not keeping up. Use a Try form, a larger QueueCapacity, or FullQueuePolicy.Wait.")
        => Core = core;

    /// <summary>The core whose queue was full.</summary>
    public int Core { get; }
}

/// <summary>
/// A wait can never end: the call it waits for is itself waiting, directly or through other cores, for this wait
/// (for example a handler that waits for its own ticket, or two cores each waiting for a call further up the
/// other's stack). The message names the cycle.
/// </summary>
public sealed class XCallDeadlockException : InvalidOperationException
{
    /// <summary>Creates the exception with a message naming the cycle.</summary>
    public XCallDeadlockException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// A ticket's call finished, but its outcome is no longer known: the queue it was sent on (or its multi-core group)
/// has recorded more failures since than it keeps (see <see cref="TicketStatus.Expired"/>).
/// </summary>
public sealed class TicketExpiredException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public TicketExpiredException()
        : base("The call finished, but whether it threw is no longer known: more calls on the same queue failed since than the runtime keeps. " +
               "Wait on tickets sooner, or watch XCallRuntime.HandlerFaulted, which sees every fault.")
    {
    }
}

/// <summary>The exceptions for calls that were accepted but never ran.</summary>
internal static class Cancellation
{
    /// <summary>Shutdown cancelled the call (core −1: one or more cores of a multi-core call).</summary>
    public static OperationCanceledException ShutDown(int core) => new(core >= 0
        ? $"The call to core {core} was cancelled: the runtime shut down before the core ran it."
        : "The call was cancelled on one or more cores: the runtime shut down before they ran it.");
}
