using System;
using XCall.IntegrationTests.Infrastructure;
using Xunit;

namespace XCall.IntegrationTests;

/// <summary>Each sample, built with the tests, runs its small <c>--smoke</c> workload as its own process.</summary>
public sealed class SampleSmokeTests
{
    /// <summary>A smoke run takes a second or two; the bound only keeps a hung sample from hanging the test run.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData("TlbShootdown", "TLB shootdown summary")]
    [InlineData("PerCoreCounters", "Per-core counters summary")]
    [InlineData("Multikernel", "Multikernel summary")]
    [InlineData("HostedCounters", "Hosted counters summary")]
    public void A_sample_passes_its_smoke_run_and_prints_its_summary(string sample, string summary)
    {
        ProcessResult run = DotNet.Run(RepositoryPaths.Root, s_timeout, RepositoryPaths.Sample(sample), "--smoke");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.StandardOutput.Contains($"## {summary}"), run.ToString());
        Assert.True(run.StandardOutput.Contains("## Runtime statistics"), run.ToString());
        Assert.True(run.StandardOutput.TrimEnd().EndsWith("All checks passed."), run.ToString());
    }

    [Fact]
    public void The_hosted_sample_logs_its_runtime_start_fault_and_stop_with_their_event_ids()
    {
        ProcessResult run = DotNet.Run(RepositoryPaths.Root, s_timeout, RepositoryPaths.Sample("HostedCounters"), "--smoke", "--cores", "3");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.StandardOutput.Contains("XCall runtime hosted-counters started: 3 cores"), run.ToString()); // configuration and --cores
        Assert.All(["XCall.XCallRuntime[3]", "fail: XCall.XCallRuntime[1]", "XCall.XCallRuntime[4]"],
            expected => Assert.True(run.StandardOutput.Contains(expected), run.ToString()));
    }
}
