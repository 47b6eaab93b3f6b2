using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Xunit;
using XCall.Testing;

namespace XCall.Tests;

/// <summary>Under the manual chip one script gives one trace, whichever thread runs it.</summary>
public class ManualChipTests
{
    [Fact]
    public void The_same_script_places_any_core_calls_identically_on_different_threads()
    {
        List<int> first = RunScriptOnNewThread();
        List<int> second = RunScriptOnNewThread();
        List<int> here = RunScript();
        Assert.Equal(first, second);
        Assert.Equal(first, here);
        Assert.True(first.Distinct().Count() > 1, "calls from a thread that is not a core spread over the mask");
    }

    private static List<int> RunScriptOnNewThread()
    {
        List<int>? trace = null;
        var thread = new Thread(() => trace = RunScript());
        thread.Start();
        Assert.True(thread.Join(Wait.Generous));
        return trace!;
    }

    private static List<int> RunScript()
    {
        var chip = new ManualIpiChip();
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 4, Chip = chip });
        var probe = new Probe();
        for (int i = 0; i < 12; i++)
        {
            _ = runtime.Post<Record, long>(Target.AnyOf(CoreMask.Of(1, 2, 3)), i, new CallRefs(probe));
            if (i % 3 == 0) chip.Step(1 + i % 3, 1);
        }
        chip.RunUntilIdle();
        return probe.Seen.OrderBy(s => s.Value).Select(s => s.Core).ToList();
    }
}
