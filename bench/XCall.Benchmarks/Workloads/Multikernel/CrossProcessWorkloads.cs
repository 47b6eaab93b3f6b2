using System;
using System.Threading;

namespace XCall.Benchmarks.Multikernel;

/// <summary>Typed IPI messages from a thread to core 1 of a runtime of this process (the in-process figure beside the cross-process one).</summary>
public sealed class InProcessIpiOneWay : Workload
{
    private readonly XCallRuntime _runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = new MultikernelIpiChip(), StallTimeout = Timeout.InfiniteTimeSpan });
    private readonly IpiHandlers.Registrations _handlers;

    public InProcessIpiOneWay() => _handlers = IpiHandlers.Register(_runtime);

    public override string Name => "IPI message one-way, in process";

    public override void Run(int operations)
    {
        Ticket last = default;
        for (int i = 0; i < operations; i++) last = IpiHandlers.Send(_runtime, 1, new BenchCount(i));
        last.Wait();
    }

    public override void Dispose()
    {
        _handlers.Dispose();
        _runtime.Dispose();
    }
}

/// <summary>Typed IPI messages from a thread to core 1 of the other process, through its segment; done when the last one ran there.</summary>
public sealed class CrossProcessIpiOneWay(CrossProcessPeer peer) : Workload
{
    public override string Name => "IPI message one-way, to another process";

    public override void Run(int operations)
    {
        Ticket last = default;
        for (int i = 0; i < operations; i++) last = IpiHandlers.SendToInstance(peer.Runtime, 1, 1, new BenchCount(i));
        last.Wait();
    }
}

/// <summary>A ping from core 0 to core 1 of a runtime of this process, answered with a pong to core 0, which sends the next.</summary>
public sealed class InProcessIpiRoundTrip : Workload
{
    private readonly XCallRuntime _runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = new MultikernelIpiChip(), StallTimeout = Timeout.InfiniteTimeSpan });
    private readonly IpiHandlers.Registrations _handlers;

    public InProcessIpiRoundTrip() => _handlers = IpiHandlers.Register(_runtime);

    public override string Name => "IPI ping-pong between cores, in process";

    public override void Run(int operations) => CrossProcessHandlers.PingPong(_runtime, -1, 1, operations);

    public override void Dispose()
    {
        _handlers.Dispose();
        _runtime.Dispose();
    }
}

/// <summary>A ping from core 0 here to core 1 of the other process, answered with a pong to core 0 here, which sends the next.</summary>
public sealed class CrossProcessIpiRoundTrip(CrossProcessPeer peer) : Workload
{
    public override string Name => "IPI ping-pong between cores, to another process";

    public override void Run(int operations) => CrossProcessHandlers.PingPong(peer.Runtime, 1, 1, operations);
}

/// <summary>The baseline: an 8-byte request and its echo over a Unix-domain socket to the other process.</summary>
public sealed class UnixSocketRoundTrip(CrossProcessPeer peer) : Workload
{
    private readonly byte[] _message = new byte[8];

    public override string Name => "Unix-socket request/response, to another process";

    public override void Run(int operations)
    {
        for (int i = 0; i < operations; i++)
        {
            peer.Socket.Send(_message);
            int got = 0;
            while (got < _message.Length) got += peer.Socket.Receive(_message, got, _message.Length - got, System.Net.Sockets.SocketFlags.None);
        }
    }
}

/// <summary>A wake-up each way through futex words in shared memory; both sides block every time.</summary>
public sealed unsafe class FutexWakeRoundTrip(CrossProcessPeer peer) : Workload
{
    public override string Name => "futex wake-up and back, to another process";

    public override void Run(int operations)
    {
        for (int i = 0; i < operations; i++)
        {
            int next = Volatile.Read(ref *peer.Ping) + 1;
            Volatile.Write(ref *peer.Ping, next);
            WakeInterop.FutexWake(peer.Ping);
            for (int seen; (seen = Volatile.Read(ref *peer.Pong)) != next;) WakeInterop.FutexWait(peer.Pong, seen);
        }
    }
}

/// <summary>A wake-up each way through eventfds handed to the other process over a Unix socket; both sides block every time.</summary>
public sealed class EventfdWakeRoundTrip(CrossProcessPeer peer) : Workload
{
    public override string Name => "eventfd wake-up and back, to another process";

    public override void Run(int operations)
    {
        for (int i = 0; i < operations; i++)
        {
            WakeInterop.EventfdSignal(peer.EventRequest);
            WakeInterop.EventfdTake(peer.EventReply);
        }
    }
}
