using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace XCall.Benchmarks;

/// <summary>What the figures were measured on: the numbers only mean something beside it.</summary>
public static class Machine
{
    public static string Describe()
    {
        string cpu = Read("/proc/cpuinfo")?.Split('\n').FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        return $"{Environment.ProcessorCount} CPUs ({cpu}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
    }

    /// <summary>The 1-, 5- and 15-minute load averages, where the system says them.</summary>
    public static string LoadAverage() => Read("/proc/loadavg") is { } line ? string.Join(" ", line.Split(' ').Take(3)) : "unknown";

    private static string? Read(string path) => File.Exists(path) ? File.ReadAllText(path) : null;
}
