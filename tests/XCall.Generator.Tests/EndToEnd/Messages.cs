using System.Threading;
using XCall;

namespace XCall.Generator.Tests.EndToEnd;

/// <summary>The IPI type ids of the sample (one message type per id).</summary>
internal static class MessageTypes
{
    public const int Ping = 7;
    public const int BlockReady = 9;
    public const int Linger = 11;
}

/// <summary>A small typed message.</summary>
internal readonly record struct Ping(int Value);

/// <summary>Two handlers of one message type: both run for every ping, and count per core what they saw.</summary>
internal static partial class PingCounters
{
    private static readonly PerCore<int> s_first = new();
    private static readonly PerCore<int> s_second = new();

    public static int FirstOn(int core) => s_first.Count == 0 ? 0 : Volatile.Read(ref s_first[core]); // no core counted yet

    public static int SecondOn(int core) => s_second.Count == 0 ? 0 : Volatile.Read(ref s_second[core]);

    public static void Reset()
    {
        for (int core = 0; core < s_first.Count; core++) s_first[core] = 0;
        for (int core = 0; core < s_second.Count; core++) s_second[core] = 0;
    }

    [IpiHandler(MessageTypes.Ping)]
    private static void First(in IpiContext context, in Ping ping) => s_first[context.Core] += ping.Value;

    [IpiHandler(MessageTypes.Ping)]
    private static void Second(in IpiContext context, Ping ping) => s_second[context.Core] += ping.Value;
}

/// <summary>A message whose handler blocks until the test lets it go, to watch unregistration wait for it.</summary>
internal readonly struct Linger;

internal static partial class Lingering
{
    public static readonly ManualResetEventSlim Entered = new();
    public static readonly ManualResetEventSlim Release = new();

    [IpiHandler(MessageTypes.Linger)]
    private static void Stay(in IpiContext context, in Linger message)
    {
        Entered.Set();
        Release.Wait();
    }
}
