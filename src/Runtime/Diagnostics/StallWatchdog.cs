using System;
using System.Diagnostics;
using System.Threading;

namespace XCall;

/// <summary>
/// Reports calls that run too long, as a kernel reports a cross-CPU call stuck past its timeout. A thread samples each core's current thunk and
/// call count every quarter timeout: a core seen in the same call with no call finishing for a whole timeout
/// is stalled. The call path pays two plain stores per call for this (see Core.Invoke).
/// </summary>
internal sealed class StallWatchdog
{
    private readonly XCallRuntime _runtime;
    private readonly long _timeoutTicks;
    private readonly int _periodMilliseconds;
    private readonly long[] _stalls;
    private readonly Sample[] _samples;
    private readonly ManualResetEventSlim _stop = new(false);
    private Thread? _thread;

    public StallWatchdog(XCallRuntime runtime, TimeSpan timeout)
    {
        _runtime = runtime;
        _timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        _periodMilliseconds = (int)Math.Clamp(timeout.TotalMilliseconds / 4, 1, 1000);
        _stalls = new long[runtime.CoreCount];
        _samples = new Sample[runtime.CoreCount];
    }

    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = $"{_runtime.Name} stall watchdog" };
        _thread.Start();
    }

    public void Stop()
    {
        _stop.Set();
        _thread?.Join();
    }

    public long StallsOf(int core) => Volatile.Read(ref _stalls[core]);

    private void Run()
    {
        while (!_stop.Wait(_periodMilliseconds)) Check(Stopwatch.GetTimestamp());
    }

    private void Check(long now)
    {
        for (int id = 0; id < _samples.Length; id++)
        {
            Core core = _runtime.CoreAt(id);
            nint thunk = core.RunningThunk;
            long calls = core.CallsRun;
            ref Sample sample = ref _samples[id];
            if (thunk == 0 || thunk != sample.Thunk || calls != sample.Calls)
            {
                sample = new Sample(thunk, calls, now, Reported: false);
                continue;
            }
            long elapsed = now - sample.Since;
            if (sample.Reported || elapsed < _timeoutTicks) continue;
            sample = sample with { Reported = true };
            Interlocked.Increment(ref _stalls[id]);
            _runtime.ReportStall(core, thunk, TimeSpan.FromSeconds(elapsed / (double)Stopwatch.Frequency));
        }
    }

    private readonly record struct Sample(nint Thunk, long Calls, long Since, bool Reported);
}
