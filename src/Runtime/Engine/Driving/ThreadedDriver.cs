using System;
using System.Threading;

namespace XCall;

/// <summary>Each core runs on a dedicated background thread (optionally pinned to a CPU); a waiting core serves its own queue.</summary>
internal sealed class ThreadedDriver(XCallRuntime runtime) : Driver(runtime)
{
    /// <summary>After the drain timeout, how long cores get to end their queued calls as cancelled before disposal returns.</summary>
    private static readonly TimeSpan s_cancelGrace = TimeSpan.FromSeconds(1);

    public override bool CoresHaveThreads => true;

    public override bool CanBlock => true;

    public override void Start(XCallOptions options)
    {
        int[]? cpus = options.PinThreads ? ThreadAffinity.AllowedCpus() : null;
        foreach (Core core in Runtime.Cores)
        {
            int? cpu = cpus is null ? null : cpus[core.Id % cpus.Length];
            var thread = new Thread(() => Run(core, cpu), options.CoreStackSize)
            {
                IsBackground = true,
                Name = $"{Runtime.Name} core {core.Id}",
            };
            thread.Start();
        }
    }

    private static void Run(Core core, int? cpu)
    {
        Core.Current = core;
        try
        {
            if (cpu is int target) ThreadAffinity.PinCurrentThread(target);
            core.Runtime.BindCoreThread(core);
            core.Run();
        }
        finally
        {
            Core.Current = null;
            core.MarkExited();
        }
    }

    public override bool Progress(Core? self) => self is not null && self.Poll() != 0;

    public override void Stop(Deadline drain)
    {
        foreach (Core core in Runtime.Cores) core.RequestStop();
        bool drained = true;
        foreach (Core core in Runtime.Cores) drained &= core.WaitForExit(drain.MillisecondsLeftOrZero());
        if (drained) return;
        // Past the drain timeout: the cores end the rest as cancelled. A core stuck inside a handler keeps its
        // (background) thread and cancels its queue when the handler returns; disposal does not wait for it.
        foreach (Core core in Runtime.Cores) core.CancelRemaining();
        Deadline grace = Deadline.After(s_cancelGrace);
        foreach (Core core in Runtime.Cores) core.WaitForExit(grace.MillisecondsLeftOrZero());
    }
}
