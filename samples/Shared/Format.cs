using System;

namespace XCall.Samples;

/// <summary>How the samples write numbers: counts with separators, durations and rates in the unit that reads best.</summary>
internal static class Format
{
    public static string Count(long value) => value.ToString("N0");

    public static string Duration(TimeSpan duration) => duration.TotalMicroseconds switch
    {
        < 1 => $"{duration.TotalNanoseconds:0} ns",
        < 1_000 => $"{duration.TotalMicroseconds:0.0} us",
        < 1_000_000 => $"{duration.TotalMilliseconds:0.00} ms",
        _ => $"{duration.TotalSeconds:0.00} s",
    };

    public static string Rate(long count, TimeSpan duration)
    {
        double perSecond = count / Math.Max(duration.TotalSeconds, 1e-9);
        return perSecond switch
        {
            >= 1e6 => $"{perSecond / 1e6:0.0} M/s",
            >= 1e3 => $"{perSecond / 1e3:0.0} k/s",
            _ => $"{perSecond:0} /s",
        };
    }

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.00} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.0} KiB",
        _ => $"{bytes} B",
    };
}
