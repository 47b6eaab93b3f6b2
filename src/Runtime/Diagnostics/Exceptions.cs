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
