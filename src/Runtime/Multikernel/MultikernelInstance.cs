using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading;

namespace XCall;

/// <summary>
/// A runtime's membership in a multikernel: processes on one machine, each an instance with an id and its own cores,
/// that exchange typed IPI messages and shared buffers through shared memory (Linux). Get one from
/// <see cref="XCallRuntime.JoinMultikernel"/>; send with the generated <c>IpiHandlers.SendToInstance</c> (or
/// <see cref="XCallRuntime.SendIpiToInstance{TMessage}"/>); messages from other instances run the same
/// <see cref="IpiHandlerAttribute"/> handlers as local ones. Dispose it to leave.
/// </summary>
/// <remarks>
/// <para>Each instance owns a segment, <c>/dev/shm/xcall.&lt;name&gt;.&lt;id&gt;</c> (mode 0600): its header, the
/// rings peers send it messages on (one per sending thread of a peer and core here), its cores' wake words and its
/// buffer pool. Instances find each other by id, and a peer that joins later asks to be accepted; once both sides
/// accepted each other (<see cref="WaitForInstance"/>) messages flow.</para>
/// <para>A peer that exits or is killed is noticed within milliseconds (its lock on its segment is gone): messages to it
/// fail with <see cref="InstanceUnavailableException"/>, and tickets of messages it never handled end with that
/// exception. A peer whose segment or messages are corrupt is cut off the same way; nothing it writes can crash or
/// hang this process.</para>
/// </remarks>
public sealed unsafe partial class MultikernelInstance : IDisposable
{
    private const int Live = 0;
    private const int Leaving = 1;
    private const int Left = 2;

    private readonly MultikernelOptions _options;
    private readonly SenderSlots _slots;
    private readonly InboundQueue _inbound;
    private readonly ulong[] _refused;         // by id: an incarnation whose segment or messages were refused
    private readonly InstanceUnavailableException?[] _losses; // by id: how the last link ended, until the id links again
    private readonly ManualResetEventSlim _left = new(false);
    private readonly Thread _service;
    private PeerLink?[] _links;                // by id, the current links (copy-on-write, written by the service thread)
    private PeerLink[] _everLinked = [];       // every link made: their segments stay mapped until this instance leaves
    private int _state;
    private int _peersLost;

    private MultikernelInstance(XCallRuntime runtime, MultikernelOptions options, SegmentFile file, in SegmentLayout layout, ulong incarnation)
    {
        Runtime = runtime;
        _options = options;
        File = file;
        Layout = layout;
        Incarnation = incarnation;
        _slots = new SenderSlots(layout.SenderSlots);
        RoomWaiters = new IWaiter?[layout.SenderSlots];
        _links = new PeerLink?[layout.MaxInstances];
        _refused = new ulong[layout.MaxInstances];
        _losses = new InstanceUnavailableException?[layout.MaxInstances];
        _inbound = new InboundQueue(this);
        Buffers = new SharedBufferPool(PoolIdOf(Id, incarnation), (int*)(file.Start + layout.StatesOffset), file.Start + layout.DataOffset,
            layout.BufferSize, layout.BufferCount, owner: true, file);
        _service = new Thread(Serve) { IsBackground = true, Name = $"XCall multikernel {Name}.{Id}" };
    }

    /// <summary>The multikernel's name.</summary>
    public string Name => _options.Name;

    /// <summary>This instance's id.</summary>
    public int Id => _options.Instance;

    /// <summary>The runtime whose cores are this instance's.</summary>
    public XCallRuntime Runtime { get; }

    /// <summary>
    /// This instance's shared buffers: rent one, fill it, send <see cref="SharedBuffer.Transfer"/>'s handle to another
    /// instance inside a message, and let it <see cref="ReceiveBuffer"/> the same bytes (nothing is copied).
    /// </summary>
    public SharedBufferPool Buffers { get; }

    /// <summary>The instances linked with this one both ways now (each accepts the other's messages).</summary>
    public IReadOnlyList<int> Peers
    {
        get
        {
            var peers = new List<int>();
            for (int id = 0; id < _links.Length; id++) if (id != Id && IsLinked(id)) peers.Add(id);
            return peers;
        }
    }

    /// <summary>Raised on the instance's service thread when a linked peer left, died, or was cut off for corrupt data.</summary>
    /// <remarks>Keep observers quick; an exception an observer throws is swallowed.</remarks>
    public event EventHandler<PeerLostEventArgs>? PeerLost;

    internal SegmentFile File { get; }

    internal SegmentLayout Layout { get; }

    internal ulong Incarnation { get; }

    internal PeerLink?[] Links => Volatile.Read(ref _links);

    /// <summary>By sender slot: the waiter of a thread blocked until a peer frees room (signalled by the service thread).</summary>
    internal IWaiter?[] RoomWaiters { get; }

    private SegmentHeader* Header => File.Header;

    private int* Attention => (int*)(File.Start + SegmentLayout.AttentionOffset);

    /// <summary>Creates this instance's segment and joins: peers are found and linked by the service thread.</summary>
    internal static MultikernelInstance Join(XCallRuntime runtime, MultikernelOptions options)
    {
        var layout = new SegmentLayout(runtime.CoreCount, options.MaxInstances, options.SenderSlots, options.QueueCapacity, options.BufferSize, options.BufferCount);
        ulong incarnation = NewIncarnation();
        SegmentFile file = SegmentFile.Create(SegmentFile.PathOf(options.Name, options.Instance), layout.SegmentBytes,
            start => layout.WriteHeader((SegmentHeader*)start, options.Instance, incarnation));
        var instance = new MultikernelInstance(runtime, options, file, layout, incarnation);
        if (runtime.Chip is MultikernelIpiChip chip) chip.Bind((int*)(file.Start + SegmentLayout.WakeWordOffset(0)));
        runtime.AddInbound(instance._inbound);
        // Release: a peer that sees the instance live sees its whole segment written.
        Volatile.Write(ref file.Header->State, (int)InstanceState.Live);
        instance._service.Start();
        return instance;
    }

    /// <summary>
    /// Waits until <paramref name="instance"/> has joined and both instances accept each other's messages; false if that
    /// did not happen within <paramref name="timeout"/>. On a core, the wait keeps serving the core's queue.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instance"/> is not an id of this multikernel.</exception>
    public bool WaitForInstance(int instance, TimeSpan timeout)
    {
        CheckId(instance);
        var linked = new PolledCondition<(MultikernelInstance Self, int Peer)>((this, instance), static s => s.Self.IsLinked(s.Peer));
        return Runtime.Wait(ref linked, Deadline.After(timeout)) == WaitOutcome.Satisfied;
    }

    /// <summary>Whether <paramref name="instance"/> is this instance, or linked with it both ways now.</summary>
    public bool IsLinked(int instance)
    {
        CheckId(instance);
        if (instance == Id) return Volatile.Read(ref _state) == Live;
        return Links[instance] is { } link && link.Ended is null && link.AcceptedHere && link.AcceptsMessages;
    }

    /// <summary>
    /// Takes ownership of a buffer another instance (or this one) transferred: the handle names bytes of the sender's
    /// pool, which this process maps too. Return it (<see cref="SharedBuffer.Return"/>) to give it back to its pool.
    /// </summary>
    /// <exception cref="ArgumentException">The handle is empty, or names a pool of one process rather than of an instance.</exception>
    /// <exception cref="InstanceUnavailableException">The handle names an instance (or an earlier run of it) this instance never linked with.</exception>
    /// <exception cref="InvalidOperationException">The buffer is not in transit under this handle (received already, or stale).</exception>
    public SharedBuffer ReceiveBuffer(BufferHandle handle)
    {
        if (handle.IsEmpty) throw new ArgumentException("The buffer handle is empty.", nameof(handle));
        if (handle.PoolId >= 0)
            throw new ArgumentException("The handle names a buffer of a pool in one process, not of a multikernel instance: receive it from that SharedBufferPool.", nameof(handle));
        int id = (handle.PoolId >> 24) & 0x3F;
        if (id == Id && handle.PoolId == Buffers.Id) return Buffers.Receive(handle);
        if ((uint)id < (uint)_links.Length && Links[id] is { } current && current.Pool.Id == handle.PoolId) return current.Pool.Receive(handle);
        foreach (PeerLink link in Volatile.Read(ref _everLinked))
            if (link.Pool.Id == handle.PoolId) return link.Pool.Receive(handle);
        throw new InstanceUnavailableException(id, InstanceUnavailableReason.NotJoined,
            $"The buffer handle names a pool of instance {id} that this instance never linked with (or of an earlier run of that instance).");
    }

    /// <summary>A snapshot of the instance's counters.</summary>
    public MultikernelStatistics GetStatistics()
    {
        long sent = 0, received = 0, wakeups = 0;
        foreach (PeerLink link in Volatile.Read(ref _everLinked))
        {
            (long messages, long wakes) = link.SentTotals();
            sent += messages;
            wakeups += wakes;
            received += link.ReceivedTotal();
        }
        return new MultikernelStatistics(sent, received, wakeups, Peers.Count, Volatile.Read(ref _peersLost));
    }

    /// <summary>
    /// Leaves the multikernel: peers stop sending here at once; then, for up to <see cref="MultikernelOptions.LeaveTimeout"/>,
    /// this instance's cores run what peers had sent and peers handle what this instance sent; then the segment goes.
    /// Tickets of messages no peer handled by then end with <see cref="InstanceUnavailableException"/>. A received
    /// buffer must not be used after leaving (its span then reads zeros). Calling it again does nothing.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.CompareExchange(ref _state, Leaving, Live) != Live)
        {
            if (Thread.CurrentThread != _service) _left.Wait();
            return;
        }
        StopAccepting();
        if (!Runtime.IsDisposed)
        {
            var drained = new PolledCondition<MultikernelInstance>(this, static self => self.IsDrained());
            Runtime.Wait(ref drained, Deadline.After(_options.LeaveTimeout));
        }
        Finish();
    }

    // ---- sending ----

    /// <summary>
    /// Sends a message to core <paramref name="core"/> of instance <paramref name="instance"/> (never this one). A full
    /// ring does what <paramref name="whenFull"/> says: null reports busy (a Try form); otherwise the runtime's policy.
    /// </summary>
    internal CallStatus Send<TMessage>(int instance, int core, int type, in TMessage message, FullQueuePolicy? whenFull, out Ticket ticket)
        where TMessage : unmanaged
    {
        Debug.Assert(instance != Id, "a message to this instance goes through the runtime");
        ticket = default;
        PeerLink link = LinkTo(instance);
        if ((uint)core >= (uint)link.Cores)
            throw new ArgumentOutOfRangeException(nameof(core), core, $"Core {core} does not exist in instance {instance}: it has {link.Cores} cores (0 to {link.Cores - 1}).");
        int bodyBytes = MessageRecord.BodyBytes(sizeof(TMessage));
        int slot = _slots.Current();
        OutboundLane lane = link.LaneFor(slot, core);
        ulong tag = MessageRecord.Tag(type, Runtime.CurrentCoreHere?.Id ?? -1);
        while (true)
        {
            if (!link.AcceptsMessages || Volatile.Read(ref _state) != Live) throw Unavailable(link);
            byte* body = lane.Ring.TryClaim(bodyBytes, out _);
            if (body != null)
            {
                Unsafe.WriteUnaligned(body, message);
                long record = lane.Ring.ProducerRecords;
                lane.Ring.Publish(tag);
                lane.Wake();
                ticket = new Ticket(lane, record);
                return CallStatus.Accepted;
            }
            if (whenFull is null) return CallStatus.Busy;
            if (whenFull == FullQueuePolicy.Throw) throw new QueueFullException(core);
            var room = new RoomCondition(this, link, lane, bodyBytes, slot);
            Runtime.Wait(ref room, Deadline.Never);
        }
    }

    private PeerLink LinkTo(int instance)
    {
        CheckId(instance);
        if (Volatile.Read(ref _state) != Live) throw ThisInstanceLeft();
        if (Links[instance] is { } link) return link;
        if (Volatile.Read(ref _losses[instance]) is { } lost) throw new InstanceUnavailableException(instance, lost.Reason, lost.Message, lost.InnerException);
        throw new InstanceUnavailableException(instance, InstanceUnavailableReason.NotJoined,
            $"Instance {instance} of multikernel '{Name}' has not joined, or has not linked with instance {Id} yet (see WaitForInstance).");
    }

    private InstanceUnavailableException Unavailable(PeerLink link)
    {
        if (Volatile.Read(ref _state) != Live) return ThisInstanceLeft();
        if (link.Ended is { } ended) return ended;
        return link.PeerState is InstanceState.Leaving or InstanceState.Left
            ? new InstanceUnavailableException(link.Id, InstanceUnavailableReason.Left, $"Instance {link.Id} of multikernel '{Name}' is leaving: it accepts no more messages.")
            : new InstanceUnavailableException(link.Id, InstanceUnavailableReason.NotJoined, $"Instance {link.Id} of multikernel '{Name}' does not accept messages from instance {Id} yet (see WaitForInstance).");
    }

    private InstanceUnavailableException ThisInstanceLeft() => new(Id, InstanceUnavailableReason.ThisInstanceLeft,
        $"Instance {Id} has left (or is leaving) multikernel '{Name}': it sends no more messages.");

    // ---- leaving ----

    /// <summary>Peers stop sending here: they check this instance's state and its acceptance of them before every send.</summary>
    private void StopAccepting()
    {
        Volatile.Write(ref Header->State, (int)InstanceState.Leaving);
        for (int id = 0; id < Layout.MaxInstances; id++) Volatile.Write(ref SegmentHeader.Accepted(Header)[id], 0UL);
        foreach (PeerLink? link in Links) link?.SignalAttention();
    }

    /// <summary>Whether the cores ran everything peers sent, and peers handled everything this instance sent (or are gone).</summary>
    private bool IsDrained()
    {
        foreach (Core core in Runtime.Cores)
            if (_inbound.HasWork(core)) return false;
        foreach (PeerLink? link in Links)
        {
            // A peer that died meanwhile will never run the rest (the service thread, which would notice, has stopped).
            if (link is not null && link.Ended is null && !link.SentAllHandled() && link.File.IsOwnerAlive()) return false;
        }
        return true;
    }

    /// <summary>The rest of leaving, once drained (or given up on): the segment goes, links end, memory is let go.</summary>
    private void Finish()
    {
        Volatile.Write(ref Header->State, (int)InstanceState.Left);
        Volatile.Write(ref _state, Left);
        WakeWord.Notify(Attention);
        if (Thread.CurrentThread != _service && _service.IsAlive) _service.Join();
        InstanceUnavailableException left = ThisInstanceLeft();
        foreach (PeerLink link in Volatile.Read(ref _everLinked))
        {
            link.End(left);
            link.SignalAttention();
        }
        Runtime.RemoveInbound(_inbound);
        if (Runtime.Chip is MultikernelIpiChip chip) chip.Unbind();
        Runtime.LeftMultikernel(this);
        if (Runtime.Waiters.HasWaiters) Runtime.Waiters.Poke(); // tickets to peers end now
        WakeRoomWaiters();
        File.Unpublish();
        Buffers.Detach();
        foreach (PeerLink link in Volatile.Read(ref _everLinked))
        {
            link.Pool.Detach();
            link.File.Dispose();
        }
        File.Dispose(); // closing the file drops the lock: peers that still look see this instance gone
        _left.Set();
    }

    // ---- helpers ----

    /// <summary>The pool id of an instance's buffers, the same in every process: negative, unlike ids of pools in one process.</summary>
    internal static int PoolIdOf(int instance, ulong incarnation) => unchecked((int)0x8000_0000 | instance << 24 | (int)(incarnation & 0xFF_FFFF));

    /// <summary>Wakes this instance's service thread.</summary>
    internal void SignalAttention() => WakeWord.Notify(Attention);

    /// <summary>A core found <paramref name="link"/>'s ring or message corrupt: the peer is cut off (the service thread reports it).</summary>
    internal void CutOff(PeerLink link, Exception problem)
    {
        Volatile.Write(ref _refused[link.Id], link.Incarnation); // never relinked in this incarnation
        link.End(new InstanceUnavailableException(link.Id, InstanceUnavailableReason.Corrupt,
            $"Instance {link.Id} of multikernel '{Name}' was cut off: {problem.Message}", problem));
        SignalAttention();
    }

    private void WakeRoomWaiters()
    {
        foreach (IWaiter? waiter in RoomWaiters) waiter?.Signal();
    }

    private void CheckId(int instance)
    {
        if ((uint)instance >= (uint)Layout.MaxInstances)
            throw new ArgumentOutOfRangeException(nameof(instance), instance, $"Instance {instance} does not exist: multikernel '{Name}' has ids 0 to {Layout.MaxInstances - 1}.");
    }

    private static ulong NewIncarnation()
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        ulong incarnation;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            incarnation = BitConverter.ToUInt64(bytes);
        }
        while (incarnation == 0);
        return incarnation;
    }

    /// <summary>Room in a peer's ring, or a reason to look again: the link ended, the peer stopped accepting, this instance is leaving.</summary>
    private readonly struct RoomCondition(MultikernelInstance owner, PeerLink link, OutboundLane lane, int bodyBytes, int slot) : IWaitCondition
    {
        public bool IsSignalled => true; // the peer signals this instance's attention word; the service thread wakes the waiter

        public bool IsSatisfied => lane.Ring.HasRoom(bodyBytes) || !link.AcceptsMessages || Volatile.Read(ref owner._state) != Live;

        public CallId Awaited => default;

        public bool Register(IWaiter waiter)
        {
            Volatile.Write(ref owner.RoomWaiters[slot], waiter);
            if (lane.RegisterRoomWaiter(bodyBytes) && !IsSatisfied) return true;
            Unregister(waiter);
            return false;
        }

        public void Unregister(IWaiter waiter)
        {
            lane.UnregisterRoomWaiter();
            Volatile.Write(ref owner.RoomWaiters[slot], null);
        }
    }
}
