using System;
using System.Threading;

namespace XCall.Benchmarks.Multikernel;

/// <summary>The messages of the multikernel benchmarks; the same handlers run in both processes.</summary>
internal static class BenchMessageTypes
{
    public const int Ping = 101;
    public const int Pong = 102;
    public const int Count = 103;
}

internal readonly record struct BenchPing(long Sequence);

internal readonly record struct BenchPong(long Sequence);

internal readonly record struct BenchCount(long Value);

/// <summary>
/// A ping-pong between cores: a ping is answered with a pong to core 0 of the instance that sent it (of this runtime,
/// when it joined no multikernel), and core 0's pong handler sends the next ping, until the run's count is reached.
/// A count does the same work as the baselines' consumers.
/// </summary>
internal static partial class CrossProcessHandlers
{
    private static readonly ManualResetEventSlim s_finished = new();
    private static long s_remaining;
    private static int s_targetInstance;
    private static int s_targetCore;

    /// <summary>Runs <paramref name="roundTrips"/> ping-pongs from core 0 of <paramref name="runtime"/> to <paramref name="core"/> of <paramref name="instance"/> (−1: this runtime), and waits for the last.</summary>
    public static void PingPong(XCallRuntime runtime, int instance, int core, long roundTrips)
    {
        s_targetInstance = instance;
        s_targetCore = core;
        Volatile.Write(ref s_remaining, roundTrips);
        s_finished.Reset();
        SendPing(runtime, 0); // its pong lands on core 0, which sends the rest
        s_finished.Wait();
    }

    [IpiHandler(BenchMessageTypes.Ping)]
    private static void OnPing(in IpiContext context, in BenchPing ping)
    {
        if (context.SenderInstance < 0) IpiHandlers.Send(context.Runtime, 0, new BenchPong(ping.Sequence));
        else IpiHandlers.SendToInstance(context.Runtime, context.SenderInstance, 0, new BenchPong(ping.Sequence));
    }

    [IpiHandler(BenchMessageTypes.Pong)]
    private static void OnPong(in IpiContext context, in BenchPong pong)
    {
        if (Interlocked.Decrement(ref s_remaining) > 0) SendPing(context.Runtime, pong.Sequence + 1);
        else s_finished.Set();
    }

    [IpiHandler(BenchMessageTypes.Count)]
    private static void OnCount(in IpiContext context, in BenchCount count) => Work.Consume(count.Value);

    private static void SendPing(XCallRuntime runtime, long sequence)
    {
        if (s_targetInstance < 0) IpiHandlers.Send(runtime, s_targetCore, new BenchPing(sequence));
        else IpiHandlers.SendToInstance(runtime, s_targetInstance, s_targetCore, new BenchPing(sequence));
    }
}
