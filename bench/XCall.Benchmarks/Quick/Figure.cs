using System;
using System.Globalization;

namespace XCall.Benchmarks;

/// <summary>A figure the quick runner reports from its cases' values, with its target.</summary>
public abstract record Figure(string Title, Target Target);

/// <summary>
/// A case against its baseline: the ratio <c>subject ÷ baseline</c> of the two values of the same round (for
/// throughput above 1 is faster; for a time below 1 is faster), reported per round and as a median.
/// </summary>
public sealed record Comparison(string Title, string Subject, string Baseline, Target Target) : Figure(Title, Target);

/// <summary>A case's value held against a bound (bytes allocated, wake-ups per call, footprint).</summary>
public sealed record Limit(string Title, string Subject, Target Target) : Figure(Title, Target);

/// <summary>What a figure's median must be, in words and as a test; <see cref="None"/> for a figure reported for context.</summary>
public sealed record Target(string Text, Func<double, bool>? Meets)
{
    public static Target None { get; } = new("—", null);

    public static Target AtLeast(double bound, string unit = "×", string? note = null) => new($"≥ {Number(bound)}{unit}{Note(note)}", value => value >= bound);

    public static Target AtMost(double bound, string unit = "×", string? note = null) => new($"≤ {Number(bound)}{unit}{Note(note)}", value => value <= bound);

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Note(string? note) => note is null ? "" : $" ({note})";
}
