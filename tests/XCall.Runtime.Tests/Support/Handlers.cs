using System;
using System.Threading;

namespace XCall.Tests;

/// <summary>Records (core, value) into the Probe passed as reference 0.</summary>
public struct Record : ICrossCallHandler<long>
{
    public static string Name => "Tests.Record";

    public static void Invoke(in long value, ref CallFrame frame) => frame.Ref<Probe>(0)!.Hit(frame.Core, value);
}

/// <summary>Counts into the Probe passed as reference 0, allocating nothing.</summary>
public struct Count : ICrossCallHandler<long>
{
    public static string Name => "Tests.Count";

    public static void Invoke(in long value, ref CallFrame frame) => frame.Ref<Probe>(0)!.Count(frame.Core);
}

/// <summary>Returns value × 10 + the core id.</summary>
public struct Scale : ICrossCallHandler<long>
{
    public static string Name => "Tests.Scale";

    public static void Invoke(in long value, ref CallFrame frame) => frame.SetResult(value * 10 + frame.Core);
}

/// <summary>Returns the id of the core the call runs on, and the managed thread id, packed.</summary>
public struct WhereAmI : ICrossCallHandler<long>
{
    public static string Name => "Tests.WhereAmI";

    public static void Invoke(in long value, ref CallFrame frame) =>
        frame.SetResult(((long)Environment.CurrentManagedThreadId << 32) | (uint)XCallRuntime.CurrentCoreId);
}

/// <summary>Throws an InvalidOperationException whose message carries the value and core.</summary>
public struct Throw : ICrossCallHandler<long>
{
    public static string Name => "Tests.Throw";

    public static void Invoke(in long value, ref CallFrame frame) =>
        throw new InvalidOperationException($"boom {value} on core {frame.Core}");
}

/// <summary>Blocks until the ManualResetEventSlim passed as reference 0 is set (bounded), recording into reference 1.</summary>
public struct Block : ICrossCallHandler<long>
{
    public static string Name => "Tests.Block";

    public static void Invoke(in long value, ref CallFrame frame)
    {
        frame.Ref<Probe>(1)?.Hit(frame.Core, value);
        if (!frame.Ref<ManualResetEventSlim>(0)!.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException("Block was never released.");
    }
}

/// <summary>Calls core `value` synchronously from inside a handler, and returns what it answered (a chain A → B).</summary>
public struct Relay : ICrossCallHandler<long>
{
    public static string Name => "Tests.Relay";

    public static void Invoke(in long target, ref CallFrame frame) =>
        frame.SetResult(frame.Runtime.Call<WhereAmI, long, long>((int)target, 0));
}

/// <summary>A → B → A: asks core `value` to call back the sender's core synchronously.</summary>
public struct Boomerang : ICrossCallHandler<long>
{
    public static string Name => "Tests.Boomerang";

    public static void Invoke(in long target, ref CallFrame frame) =>
        frame.SetResult(frame.Runtime.Call<Relay, long, long>((int)target, frame.Core));
}

/// <summary>An argument struct larger than a slot's payload.</summary>
public unsafe struct Huge
{
    public fixed byte Bytes[XCallRuntime.MaxPayloadSize + 1];
}

public struct TakesHuge : ICrossCallHandler<Huge>
{
    public static string Name => "Tests.TakesHuge";

    public static void Invoke(in Huge value, ref CallFrame frame)
    {
    }
}

/// <summary>The largest payload that fits, filled with a pattern the handler checks.</summary>
public unsafe struct Full
{
    public fixed byte Bytes[XCallRuntime.MaxPayloadSize];
}

public unsafe struct SumFull : ICrossCallHandler<Full>
{
    public static string Name => "Tests.SumFull";

    public static void Invoke(in Full value, ref CallFrame frame)
    {
        long sum = 0;
        for (int i = 0; i < XCallRuntime.MaxPayloadSize; i++) sum += value.Bytes[i];
        frame.SetResult(sum);
    }
}

/// <summary>Returns the string passed as reference 0 plus the core id.</summary>
public struct Greet : ICrossCallHandler<long>
{
    public static string Name => "Tests.Greet";

    public static void Invoke(in long value, ref CallFrame frame) =>
        frame.SetResult($"{frame.Ref<string>(0)} from core {frame.Core}");
}
