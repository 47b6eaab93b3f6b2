namespace XCall;

/// <summary>
/// Calls a core takes from somewhere other than its lanes and inbox — another process, through shared memory. The
/// core drains every inbound queue in each poll and counts it in <see cref="Core.HasWork"/> before it parks, so a
/// queue whose producer publishes and then wakes the core (through the runtime's chip) is never missed.
/// </summary>
internal interface IInboundQueue
{
    /// <summary>Core: runs up to <paramref name="budget"/> calls queued for <paramref name="core"/>; how many ran.</summary>
    int Drain(Core core, int budget);

    /// <summary>Core, before parking: whether a call for <paramref name="core"/> waits.</summary>
    bool HasWork(Core core);
}
