using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace XCall.Hosting.Tests.Support;

/// <summary>Handlers the tests send to through the generated senders: one that holds its core, one that counts, one that throws.</summary>
internal static partial class Probe
{
    /// <summary>Keeps its core busy until <paramref name="gate"/> opens (or a limit that only a hung test reaches).</summary>
    [CrossCall(CallMode.Async)]
    private static void Hold(ManualResetEventSlim gate) => gate.Wait(TestHost.Generous);

    [CrossCall(CallMode.Async)]
    private static void Count(StrongBox<int> counter) => counter.Value++;

    [CrossCall(CallMode.Async)]
    private static void Fail(int code) => throw new InvalidOperationException($"probe failure {code}");

    [CrossCall(CallMode.Sync)]
    private static int Core() => XCallRuntime.CurrentCoreId;
}

/// <summary>A typed IPI message.</summary>
internal readonly record struct Ping(int Value);

/// <summary>An IPI handler, registered through <c>AddIpiHandlers(IpiHandlers.Register)</c>.</summary>
internal static partial class PingHandler
{
    private static int s_lastValue;

    /// <summary>The value of the last ping any core handled.</summary>
    public static int LastValue => Volatile.Read(ref s_lastValue);

    [IpiHandler(1)]
    private static void OnPing(in IpiContext context, in Ping ping) => Volatile.Write(ref s_lastValue, ping.Value);
}
