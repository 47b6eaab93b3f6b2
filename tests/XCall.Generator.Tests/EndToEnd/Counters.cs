using System;
using System.Collections.Generic;
using System.Text;
using XCall;

namespace XCall.Generator.Tests.EndToEnd;

/// <summary>Three coordinates, passed <c>in</c> to show that large arguments travel by reference into the payload.</summary>
internal readonly record struct Vector3Long(long X, long Y, long Z);

/// <summary>
/// A per-core counter service: the sample-sized program the end-to-end tests drive only through the generated senders.
/// Each core owns its own counter (<see cref="PerCore{T}"/>), so no handler takes a lock.
/// </summary>
internal static partial class Counters
{
    private static readonly PerCore<long> s_values = new();

    /// <summary>What each core noted, in the order it ran the notes (read after the cores are idle).</summary>
    private static readonly PerCore<List<int>?> s_notes = new();

    public static long ValueOn(int core) => s_values[core];

    public static IReadOnlyList<int> NotesOn(int core) => s_notes[core] ?? [];

    public static void Reset()
    {
        for (int core = 0; core < s_values.Count; core++) s_values[core] = 0;
        for (int core = 0; core < s_notes.Count; core++) s_notes[core] = null;
    }

    /// <summary>Adds <paramref name="amount"/> to this core's counter.</summary>
    /// <param name="amount">What to add.</param>
    /// <returns>The counter's new value.</returns>
    [CrossCall(CallMode.Sync)]
    private static long Add(long amount) => s_values.Local += amount;

    [CrossCall(CallMode.Async)]
    private static void Increment() => s_values.Local++;

    [CrossCall(CallMode.Sync)]
    private static void ResetHere() => s_values.Local = 0;

    [CrossCall(CallMode.Sync)]
    private static int WhereAmI() => XCallRuntime.CurrentCoreId;

    [CrossCall(CallMode.Sync)]
    private static long Dot(in Vector3Long vector, long scale) => (vector.X + vector.Y + vector.Z) * scale;

    /// <summary>Appends to a caller's builder on the core: reference arguments travel beside the payload.</summary>
    [CrossCall(CallMode.Sync)]
    private static string Describe(StringBuilder into, string label, int count)
    {
        into.Append(label).Append('=').Append(count);
        return $"{label} on core {XCallRuntime.CurrentCoreId}";
    }

    /// <summary>Broadcasts from a core, through the runtime the core belongs to.</summary>
    [CrossCall(CallMode.Sync)]
    private static int CountOthersFromHere() => WhereAmIOnOthers(XCallRuntime.Current!);

    /// <summary>Holds its core at <paramref name="gate"/> until the test opens it, then adds 100 to the core's counter.</summary>
    [CrossCall(CallMode.Sync)]
    private static long Hold(Gate gate)
    {
        gate.Pass();
        return s_values.Local += 100;
    }

    /// <summary>A reference parameter that may be null: the method gets what the caller passed.</summary>
    [CrossCall(CallMode.Sync)]
    private static string Greet(string? name) => name ?? "nobody";

    [CrossCall(CallMode.Sync)]
    private static void Fail(int code) => throw new InvalidOperationException($"Failure {code} on core {XCallRuntime.CurrentCoreId}.");

    [CrossCall(CallMode.Async)]
    private static void FailLater(int code) => throw new InvalidOperationException($"Late failure {code}.");

    [CrossCall(CallMode.Async)]
    private static void Note(int value) => (s_notes.Local ??= []).Add(value);

    [CrossCall(CallMode.Async, Priority = CallPriority.High)]
    private static void NoteUrgently(int value) => (s_notes.Local ??= []).Add(value);

    /// <summary>The bytes allocated so far by the core's thread, to check the core allocates nothing per call.</summary>
    [CrossCall(CallMode.Sync)]
    private static long AllocatedOnCore() => GC.GetAllocatedBytesForCurrentThread();
}

/// <summary>A generic containing type: the type argument picks the payload.</summary>
internal static partial class Box<T> where T : unmanaged
{
    [CrossCall(CallMode.Sync)]
    private static T Echo(T value) => value;
}

/// <summary>Nested containing types.</summary>
internal static partial class Outer
{
    internal static partial class Inner
    {
        [CrossCall(CallMode.Sync)]
        private static int Twice(int value) => 2 * value;
    }
}
