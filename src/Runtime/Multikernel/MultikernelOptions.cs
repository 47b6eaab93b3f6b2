using System;
using System.Numerics;
using System.Threading;

namespace XCall;

/// <summary>How a runtime joins a multikernel (<see cref="XCallRuntime.JoinMultikernel"/>). Name and instance id are required.</summary>
public sealed class MultikernelOptions
{
    /// <summary>The most <see cref="QueueCapacity"/> can be.</summary>
    public const int MaxQueueCapacity = 65_536;

    /// <summary>The most <see cref="MaxInstances"/> can be.</summary>
    public const int MaxInstanceLimit = 64;

    /// <summary>The most <see cref="SenderSlots"/> can be.</summary>
    public const int MaxSenderSlots = 64;

    /// <summary>The largest <see cref="BufferSize"/>.</summary>
    public const int MaxBufferSize = 16 << 20;

    /// <summary>The most <see cref="BufferCount"/> can be.</summary>
    public const int MaxBufferCount = 65_536;

    /// <summary>
    /// The multikernel's name: every process that joins the same name on this machine is an instance of it. Letters,
    /// digits, <c>-</c> and <c>_</c>, at most 64 characters (it names files under /dev/shm).
    /// </summary>
    public required string Name { get; init; }

    /// <summary>This process's instance id, 0 to <see cref="MaxInstances"/> − 1; one live process per id.</summary>
    public required int Instance { get; init; }

    /// <summary>How many instance ids the multikernel has. Every instance must use the same value. Default: 8.</summary>
    public int MaxInstances { get; init; } = 8;

    /// <summary>
    /// How many threads of this process can send to other instances at once (each gets its own ring to every core of
    /// every peer, so senders never share one); a thread that ended gives its slot to the next. Every instance must
    /// use the same value. Default: 8.
    /// </summary>
    public int SenderSlots { get; init; } = 8;

    /// <summary>
    /// Messages each ring into this instance holds (one ring per sending thread of a peer and core here), a power of
    /// two from 2 to <see cref="MaxQueueCapacity"/>. A full ring makes a send wait, throw or report busy, as the
    /// runtime's <see cref="XCallOptions.WhenQueueFull"/> and the <c>Try</c> forms say. Default: 256.
    /// </summary>
    public int QueueCapacity { get; init; } = 256;

    /// <summary>Bytes per buffer of this instance's shared pool (<see cref="MultikernelInstance.Buffers"/>). Default: 4,096.</summary>
    public int BufferSize { get; init; } = 4096;

    /// <summary>Buffers in this instance's shared pool, at least 1. Default: 64.</summary>
    public int BufferCount { get; init; } = 64;

    /// <summary>
    /// How long leaving waits for peers to handle what this instance sent and for its cores to run what peers sent it;
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits for everything. Default: 5 s.
    /// </summary>
    public TimeSpan LeaveTimeout { get; init; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Name, nameof(Name));
        if (Name.Length is 0 or > 64 || Name.AsSpan().ContainsAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"))
            throw new ArgumentException($"The multikernel name '{Name}' must be 1 to 64 letters, digits, '-' or '_'.", nameof(Name));
        Range(nameof(MaxInstances), MaxInstances, 2, MaxInstanceLimit);
        Range(nameof(Instance), Instance, 0, MaxInstances - 1);
        Range(nameof(SenderSlots), SenderSlots, 1, MaxSenderSlots);
        Range(nameof(QueueCapacity), QueueCapacity, 2, MaxQueueCapacity);
        if (!BitOperations.IsPow2(QueueCapacity))
            throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "QueueCapacity must be a power of two.");
        Range(nameof(BufferSize), BufferSize, 1, MaxBufferSize);
        Range(nameof(BufferCount), BufferCount, 1, MaxBufferCount);
        if (LeaveTimeout < TimeSpan.Zero && LeaveTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(LeaveTimeout), LeaveTimeout, "LeaveTimeout must be zero or more, or Timeout.InfiniteTimeSpan.");
    }

    private static void Range(string name, int value, int min, int max)
    {
        if (value < min || value > max) throw new ArgumentOutOfRangeException(name, value, $"{name} must be {min} to {max}.");
    }
}
