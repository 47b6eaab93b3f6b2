using System.Globalization;

namespace XCall.Benchmarks;

/// <summary>The unit of a case's value, and which way is better.</summary>
public sealed record Unit(string Symbol, bool HigherIsBetter, int Decimals)
{
    public static Unit MillionPerSecond { get; } = new("M/s", HigherIsBetter: true, Decimals: 1);

    public static Unit Nanoseconds { get; } = new("ns", HigherIsBetter: false, Decimals: 0);

    public static Unit Milliseconds { get; } = new("ms", HigherIsBetter: false, Decimals: 1);

    public static Unit BytesPerCall { get; } = new("B/call", HigherIsBetter: false, Decimals: 3);

    public static Unit Bytes { get; } = new("B", HigherIsBetter: false, Decimals: 0);

    public static Unit Percent { get; } = new("%", HigherIsBetter: false, Decimals: 4);

    public string Format(double value) => double.IsNaN(value) ? "—" : $"{value.ToString($"F{Decimals}", CultureInfo.InvariantCulture)} {Symbol}";
}
