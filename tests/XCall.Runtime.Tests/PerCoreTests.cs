using System;
using System.Linq;
using Xunit;

namespace XCall.Tests;

public class PerCoreTests
{
    private static readonly PerCore<long> s_counters = new();

    [Fact]
    public void Each_core_updates_its_own_entry_through_local()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        var before = Enumerable.Range(0, 3).Select(core => s_counters[core]).ToArray();
        for (int i = 0; i < 30; i++) runtime.Call<Bump, long>(i % 3, 0);
        Assert.Equal(new long[] { 10, 10, 10 }, Enumerable.Range(0, 3).Select(core => s_counters[core] - before[core]));
    }

    [Fact]
    public void Local_off_a_core_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => s_counters.Local++);
        Assert.Contains("not a core", error.Message);
    }

    [Fact]
    public void Entries_can_be_made_per_core_by_a_factory()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        var names = new PerCore<string>(runtime, core => $"cache {core}");
        Assert.Equal(2, names.Count);
        Assert.Equal("cache 1", names[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => names[2]);
    }

    private struct Bump : ICrossCallHandler<long>
    {
        public static string Name => "Tests.Bump";

        public static void Invoke(in long value, ref CallFrame frame) => s_counters.Local++;
    }
}
