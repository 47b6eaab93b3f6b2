using System.Threading;

namespace XCall.Benchmarks;

/// <summary>The runtime options a workload runs with: what a user gets by default, and the settings tuned for speed.</summary>
public enum Tuning
{
    /// <summary>Default options: the parking chip, stall detection on.</summary>
    Default,

    /// <summary>The parking chip with stall detection off: what the parking chip costs against <see cref="Polling"/>.</summary>
    StallOff,

    /// <summary>Tuned for speed: the polling chip, stall detection off.</summary>
    Polling,
}

public static class TuningOptions
{
    public static XCallOptions Options(this Tuning tuning, int cores) => new()
    {
        Cores = cores,
        Chip = tuning == Tuning.Polling ? new PollingIpiChip() : null,
        StallTimeout = tuning == Tuning.Default ? new XCallOptions().StallTimeout : Timeout.InfiniteTimeSpan,
    };

    public static string Describe(this Tuning tuning) => tuning switch
    {
        Tuning.Default => "default options",
        Tuning.StallOff => "parking chip, stall detection off",
        _ => "polling chip, stall detection off",
    };
}
