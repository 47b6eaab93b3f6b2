using System;
using Xunit;

namespace XCall.Tests;

public class AffinityTests
{
    [Fact]
    public void Pinned_cores_each_run_on_one_cpu_of_the_process()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Throws<PlatformNotSupportedException>(() => XCallRuntime.Start(new XCallOptions { Cores = 2, PinThreads = true }));
            return;
        }
        int[] allowed = ThreadAffinity.AllowedCpus();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, PinThreads = true });
        for (int core = 0; core < 2; core++)
        {
            // Core i is pinned to the i-th CPU the process may use (wrapping around when there are fewer CPUs).
            Assert.Equal(allowed[core % allowed.Length], runtime.Call<PinnedCpu, long, int>(core, 0));
        }
    }

    private struct PinnedCpu : ICrossCallHandler<long>
    {
        public static string Name => "Tests.PinnedCpu";

        public static void Invoke(in long value, ref CallFrame frame)
        {
            int[] cpus = ThreadAffinity.AllowedCpus();
            frame.SetResult(cpus.Length == 1 ? cpus[0] : -cpus.Length);
        }
    }
}
