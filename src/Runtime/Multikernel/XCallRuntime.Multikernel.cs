using System;
using System.Threading;

namespace XCall;

// The multikernel mode: this runtime's process joins other processes on the machine as one instance of a named
// multikernel, and typed IPI messages go to cores of other instances as they go to cores of this one.
public sealed partial class XCallRuntime
{
    private MultikernelInstance? _multikernel;

    /// <summary>The multikernel this runtime joined, or null.</summary>
    public MultikernelInstance? Multikernel => Volatile.Read(ref _multikernel);

    /// <summary>This runtime's instance id in its multikernel, or −1.</summary>
    internal int InstanceId => Volatile.Read(ref _multikernel)?.Id ?? -1;

    /// <summary>
    /// Joins the multikernel <see cref="MultikernelOptions.Name"/> as instance <see cref="MultikernelOptions.Instance"/>:
    /// creates this instance's shared segment and links with every instance that joined already (and later with those
    /// that join after). Register the IPI handlers first: messages from peers may arrive as soon as this returns.
    /// Dispose the instance to leave. Linux only.
    /// </summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux (x64 or arm64).</exception>
    /// <exception cref="ArgumentException">An option is invalid (the message names it).</exception>
    /// <exception cref="InvalidOperationException">
    /// The runtime joined a multikernel already; its cores park on a chip other processes cannot wake (use
    /// <see cref="MultikernelIpiChip"/> or <see cref="PollingIpiChip"/>); or a live process holds that instance id.
    /// </exception>
    public MultikernelInstance JoinMultikernel(MultikernelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Posix.IsSupported) throw new PlatformNotSupportedException("The multikernel mode needs Linux on x64 or arm64 (futexes and /dev/shm).");
        options.Validate();
        ThrowIfDisposed();
        if (Driver.CoresHaveThreads && Chip.CoresPark && Chip is not MultikernelIpiChip)
            throw new InvalidOperationException($"The cores of runtime '{Name}' park on a {Chip.GetType().Name}, which other processes cannot wake. Start the runtime with Chip = new MultikernelIpiChip() (or a PollingIpiChip) to join a multikernel.");
        lock (_lock)
        {
            if (_multikernel is { } joined)
                throw new InvalidOperationException($"Runtime '{Name}' is instance {joined.Id} of multikernel '{joined.Name}' already: leave it (dispose the instance) first.");
            MultikernelInstance instance = MultikernelInstance.Join(this, options);
            Volatile.Write(ref _multikernel, instance);
            return instance;
        }
    }

    /// <summary>
    /// Sends a typed message to core <paramref name="core"/> of instance <paramref name="instance"/> of the multikernel this
    /// runtime joined, and returns at once with a ticket that completes when every handler of the type ran there (faulted
    /// with <see cref="RemoteHandlerException"/> if one threw; with <see cref="InstanceUnavailableException"/> if the instance
    /// left or died first). A message to this runtime's own instance id goes to its own core, as <see cref="SendIpi{TMessage}"/>.
    /// Messages from one thread to one core of an instance run in the order they were sent. A full ring waits or throws as
    /// <see cref="XCallOptions.WhenQueueFull"/> says.
    /// </summary>
    /// <exception cref="InvalidOperationException">The runtime has not joined a multikernel.</exception>
    /// <exception cref="InstanceUnavailableException">The instance has not joined or linked yet, left, died, or was cut off.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The instance id, the core or the type id is out of range.</exception>
    public Ticket SendIpiToInstance<TMessage>(int instance, int core, int type, in TMessage message) where TMessage : unmanaged
    {
        MultikernelInstance multikernel = JoinedMultikernel();
        if (instance == multikernel.Id) return SendIpi(Target.Core(core), type, in message);
        CheckIpiType<TMessage>(type);
        multikernel.Send(instance, core, type, in message, _whenFull, out Ticket ticket);
        return ticket;
    }

    /// <summary>
    /// Like <see cref="SendIpiToInstance{TMessage}"/>, but never waits for room: false (sending nothing) when the ring
    /// to that core is full.
    /// </summary>
    /// <param name="instance">The instance id.</param>
    /// <param name="core">The core of that instance.</param>
    /// <param name="type">The message type id.</param>
    /// <param name="message">The payload, copied into the ring.</param>
    /// <param name="ticket">The ticket of the accepted message; a completed ticket when nothing was sent.</param>
    public bool TrySendIpiToInstance<TMessage>(int instance, int core, int type, in TMessage message, out Ticket ticket) where TMessage : unmanaged
    {
        MultikernelInstance multikernel = JoinedMultikernel();
        if (instance == multikernel.Id) return TrySendIpi(Target.Core(core), type, in message, out ticket);
        CheckIpiType<TMessage>(type);
        return multikernel.Send(instance, core, type, in message, whenFull: null, out ticket) == CallStatus.Accepted;
    }

    /// <summary>The instance has left: the runtime is on its own again.</summary>
    internal void LeftMultikernel(MultikernelInstance instance) => Interlocked.CompareExchange(ref _multikernel, null, instance);

    private MultikernelInstance JoinedMultikernel() => Volatile.Read(ref _multikernel)
        ?? throw new InvalidOperationException($"Runtime '{Name}' has not joined a multikernel: call JoinMultikernel before sending to another instance.");
}
