using System;

namespace XCall;

/// <summary>Why another instance cannot take (or did not take) a message.</summary>
public enum InstanceUnavailableReason
{
    /// <summary>No process has joined the multikernel under that id, or it has not accepted this instance yet.</summary>
    NotJoined = 0,

    /// <summary>The instance left the multikernel.</summary>
    Left = 1,

    /// <summary>The instance's process exited or was killed.</summary>
    Died = 2,

    /// <summary>This instance stopped accepting the other's messages: the other's segment or messages were corrupt.</summary>
    Corrupt = 3,

    /// <summary>This instance left the multikernel (its own messages and tickets end with it).</summary>
    ThisInstanceLeft = 4,
}

/// <summary>
/// A message could not go to another instance of a multikernel, or was sent but never handled there because the
/// instance left, died or was cut off (a ticket of such a message reports this exception).
/// </summary>
public sealed class InstanceUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception with a message that names the instance and the reason.</summary>
    public InstanceUnavailableException(int instance, InstanceUnavailableReason reason, string message)
        : this(instance, reason, message, null)
    {
    }

    /// <summary>Creates the exception with a message, and the problem behind it (for example what was corrupt).</summary>
    public InstanceUnavailableException(int instance, InstanceUnavailableReason reason, string message, Exception? innerException)
        : base(message, innerException)
    {
        Instance = instance;
        Reason = reason;
    }

    /// <summary>The instance id the message was for.</summary>
    public int Instance { get; }

    /// <summary>Why it is unavailable.</summary>
    public InstanceUnavailableReason Reason { get; }
}

/// <summary>
/// A ticket's message reached another instance, and a handler there threw (or no handler was registered for its
/// type). The exception itself stays in that process, reported by its runtime's <see cref="XCallRuntime.HandlerFaulted"/>.
/// </summary>
public sealed class RemoteHandlerException : Exception
{
    /// <summary>Creates the exception for a message handled on <paramref name="core"/> of <paramref name="instance"/>.</summary>
    public RemoteHandlerException(int instance, int core)
        : base($"A handler of the message threw on core {core} of instance {instance} (or none was registered for its type there). " +
               "The exception is reported in that process, through its runtime's HandlerFaulted event.")
    {
        Instance = instance;
        Core = core;
    }

    /// <summary>The instance the handler ran in.</summary>
    public int Instance { get; }

    /// <summary>The core it ran on there.</summary>
    public int Core { get; }
}

/// <summary>What <see cref="MultikernelInstance.PeerLost"/> reports: an instance this one was linked with is gone.</summary>
public sealed class PeerLostEventArgs : EventArgs
{
    internal PeerLostEventArgs(int instance, int processId, InstanceUnavailableReason reason, Exception? problem)
    {
        Instance = instance;
        ProcessId = processId;
        Reason = reason;
        Problem = problem;
    }

    /// <summary>The peer's instance id.</summary>
    public int Instance { get; }

    /// <summary>The peer's process id, as its segment said.</summary>
    public int ProcessId { get; }

    /// <summary>Why the link ended: the peer left, died, or was cut off for corrupt data.</summary>
    public InstanceUnavailableReason Reason { get; }

    /// <summary>What was wrong, when the reason is <see cref="InstanceUnavailableReason.Corrupt"/>.</summary>
    public Exception? Problem { get; }
}

/// <summary>A snapshot of a multikernel instance's counters.</summary>
/// <param name="MessagesSent">Messages this instance published to other instances.</param>
/// <param name="MessagesReceived">Messages from other instances that this instance's cores took.</param>
/// <param name="WakeupsSent">Wake-ups sent to parked cores of other instances (one per message at most; fewer under load).</param>
/// <param name="Peers">Instances linked now, both ways.</param>
/// <param name="PeersLost">Links that ended since joining (a peer left, died or was cut off).</param>
public readonly record struct MultikernelStatistics(long MessagesSent, long MessagesReceived, long WakeupsSent, int Peers, int PeersLost);
