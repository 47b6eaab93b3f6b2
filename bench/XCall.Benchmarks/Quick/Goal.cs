using System;
using System.Globalization;

namespace XCall.Benchmarks;

/// <summary>What a figure's median must be, in words and as a test; <see cref="None"/> for a figure reported for context.</summary>
public sealed record Goal(string Text, Func<double, bool>? Meets)
{
    public static Goal None { get; } = new("—", null);

    public static Goal AtLeast(double bound, string unit = "×", string? note = null) => new($"≥ {Number(bound)}{unit}{Note(note)}", value => value >= bound);

    public static Goal AtMost(double bound, string unit = "×", string? note = null) => new($"≤ {Number(bound)}{unit}{Note(note)}", value => value <= bound);

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Note(string? note) => note is null ? "" : $" ({note})";
}
