namespace XCall;

/// <summary>Where a call queues on its target core.</summary>
public enum CallPriority
{
    /// <summary>Runs in arrival order with the other normal calls from the same sender.</summary>
    Normal = 0,

    /// <summary>Runs before queued normal calls: a core checks its high-priority queues before each batch.</summary>
    High = 1,
}
