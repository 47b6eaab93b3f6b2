using System;
using System.Reflection;

namespace XCall.Samples;

/// <summary>
/// The command line every sample accepts: <c>--smoke</c> for a run of a few seconds (what the smoke tests use) and
/// <c>--cores N</c> to choose how many cores the runtime starts (cores are threads, so more cores than CPUs is fine).
/// </summary>
internal sealed record SampleArguments(bool Smoke, int? Cores)
{
    /// <summary>The exit code of a run refused for its arguments (a failed verification exits with 1).</summary>
    public const int UsageExitCode = 2;

    /// <summary>The parsed arguments, or null after printing what was wrong and how to call the sample.</summary>
    public static SampleArguments? Parse(string[] args)
    {
        bool smoke = false;
        int? cores = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--smoke":
                    smoke = true;
                    break;
                case "--cores":
                    if (++i == args.Length || !int.TryParse(args[i], out int count) || count is < 1 or > CoreMask.Capacity)
                        return Refuse($"--cores takes a number of cores from 1 to {CoreMask.Capacity}.");
                    cores = count;
                    break;
                default:
                    return Refuse($"Unknown argument '{args[i]}'.");
            }
        }
        return new SampleArguments(smoke, cores);
    }

    private static SampleArguments? Refuse(string problem)
    {
        string sample = Assembly.GetEntryAssembly()?.GetName().Name ?? "the sample";
        Console.Error.WriteLine(problem);
        Console.Error.WriteLine($"Usage: dotnet run --project samples/{sample} -c Release [-- [--smoke] [--cores N]]");
        return null;
    }
}
