using System.Threading.Tasks;

namespace XCall.Benchmarks;

/// <summary>
/// The awaited round trip: a call to one core whose result is awaited, no thread blocked, the next call sent when the
/// await resumed. With <c>hop</c>, the baseline for it instead: a sync round trip followed by one hop through the
/// thread pool (<see cref="Task.Yield"/>).
/// </summary>
public sealed class XCallAwaited : Workload
{
    private readonly XCallRuntime _runtime;
    private readonly Tuning _tuning;
    private readonly bool _hop;

    public XCallAwaited(Tuning tuning, bool hop)
    {
        _tuning = tuning;
        _hop = hop;
        _runtime = XCallRuntime.Start(tuning.Options(cores: 1));
    }

    public override string Name => _hop
        ? $"XCall IncrementOn (sync) then a thread-pool hop, {_tuning.Describe()}"
        : $"XCall Increment awaited (CallAsync), {_tuning.Describe()}";

    public override void Run(int operations) => Task.Run(() => RunAsync(operations)).GetAwaiter().GetResult();

    private async Task RunAsync(int operations)
    {
        long value = 0;
        for (int i = 0; i < operations; i++)
        {
            if (_hop)
            {
                value = Bench.IncrementOn(_runtime, 0, value);
                await Task.Yield();
            }
            else
            {
                // The generated handler through the low-level awaited call: what the generated …OnAsync sender calls.
                value = await _runtime.CallAsync<Bench.IncrementCrossCall, Bench.IncrementCrossCall.Args, long>(0, new() { value = value }).ConfigureAwait(false);
            }
        }
    }

    public override void Dispose() => _runtime.Dispose();
}
