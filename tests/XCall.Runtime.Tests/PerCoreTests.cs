using System;
using System.Linq;
using System.Threading;
using Xunit;

namespace XCall.Tests;

public class PerCoreTests
{
    private static readonly PerCore<long> s_counters = new();

    [Fact]
    public void Each_core_updates_its_own_entry_through_local_and_the_state_binds_to_that_runtime()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        var counters = new PerCore<long>();
        for (int i = 0; i < 30; i++) runtime.Call<Bump, long>(i % 3, 0, new CallRefs(counters));
        Assert.Same(runtime, counters.Runtime);
        Assert.Equal(3, counters.Count); // sized for the runtime's cores, not for every possible core
        Assert.Equal(new long[] { 10, 10, 10 }, Enumerable.Range(0, 3).Select(core => counters[core]));
    }

    [Fact]
    public void Two_runtimes_touching_one_per_core_state_is_a_clear_error_not_shared_counts()
    {
        using var first = XCallRuntime.Start(new XCallOptions { Cores = 1, Name = "first" });
        using var second = XCallRuntime.Start(new XCallOptions { Cores = 1, Name = "second" });
        var shared = new PerCore<long>();
        first.Call<Bump, long>(0, 0, new CallRefs(shared));
        var error = Assert.Throws<InvalidOperationException>(() => second.Call<Bump, long>(0, 0, new CallRefs(shared)));
        Assert.Contains("belongs to runtime 'first'", error.Message);
        Assert.Contains("runtime 'second'", error.Message);
        Assert.Equal(1, shared[0]);
    }

    [Fact]
    public void Runtimes_with_their_own_per_core_state_count_independently_while_running_at_once()
    {
        const int Adds = 200_000;
        using var first = XCallRuntime.Start(new XCallOptions { Cores = 1, Name = "first" });
        using var second = XCallRuntime.Start(new XCallOptions { Cores = 1, Name = "second" });
        var firstCounts = new PerCore<long>(first);
        var secondCounts = new PerCore<long>(second);
        Wait.Bounded(() =>
        {
            var threads = new[] { (first, firstCounts), (second, secondCounts) }.Select(pair => new Thread(() =>
            {
                for (int i = 0; i < Adds; i++) pair.Item1.Post<Bump, long>(0, 0, new CallRefs(pair.Item2));
                pair.Item1.WaitForIssued();
            })).ToArray();
            foreach (Thread thread in threads) thread.Start();
            foreach (Thread thread in threads) thread.Join();
        }, "two runtimes adding at once");
        Assert.Equal(Adds, firstCounts[0]);
        Assert.Equal(Adds, secondCounts[0]);
    }

    [Fact]
    public void A_static_per_core_state_serves_one_runtime_after_another()
    {
        using (var earlier = XCallRuntime.Start(new XCallOptions { Cores = 2 })) earlier.Call<BumpStatic, long>(1, 0);
        using var later = XCallRuntime.Start(new XCallOptions { Cores = 2 });
        later.Call<BumpStatic, long>(1, 0);
        Assert.Same(later, s_counters.Runtime);
        Assert.Equal(1, s_counters[1]); // fresh entries for the new runtime
    }

    [Fact]
    public void Local_off_a_core_is_a_clear_error_and_so_is_indexing_state_no_runtime_owns()
    {
        var state = new PerCore<long>();
        Assert.Contains("not a core", Assert.Throws<InvalidOperationException>(() => state.Local++).Message);
        Assert.Contains("belongs to no runtime yet", Assert.Throws<InvalidOperationException>(() => state[0]).Message);
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

    [Fact]
    public unsafe void Neighbouring_entries_are_at_least_128_bytes_apart_whatever_their_size()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 3 });
        Assert.True(GapBetween(new PerCore<long>(runtime)) >= 128);
        Assert.True(GapBetween(new PerCore<Large>(runtime)) >= 128);
        Assert.True(GapBetween(new PerCore<Huge>(runtime)) >= 128);
    }

    private static unsafe long GapBetween<T>(PerCore<T> state) where T : unmanaged
    {
        fixed (T* first = &state[0])
        fixed (T* second = &state[1])
        {
            return (byte*)second - (byte*)first - sizeof(T);
        }
    }

    private unsafe struct Large
    {
        public fixed byte Bytes[130];
    }

    private struct Bump : ICrossCallHandler<long>
    {
        public static string Name => "Tests.Bump";

        public static void Invoke(in long value, ref CallFrame frame) => frame.Ref<PerCore<long>>(0)!.Local++;
    }

    private struct BumpStatic : ICrossCallHandler<long>
    {
        public static string Name => "Tests.BumpStatic";

        public static void Invoke(in long value, ref CallFrame frame) => s_counters.Local++;
    }
}
