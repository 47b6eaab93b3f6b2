using System.Threading;
using static XCall.Generator.Tests.Infrastructure.Runtimes;

namespace XCall.Generator.Tests.EndToEnd;

/// <summary>
/// Holds a handler on its core until the test opens it: the test can then act while that call runs, or while the calls
/// queued behind it wait. Every wait is bounded, so a broken runtime fails the test instead of hanging it.
/// </summary>
internal sealed class Gate
{
    private readonly ManualResetEventSlim _entered = new();
    private readonly ManualResetEventSlim _open = new();

    /// <summary>On the core: says the handler started, then waits for <see cref="Open"/>.</summary>
    public void Pass()
    {
        _entered.Set();
        _open.Wait(Patience);
    }

    /// <summary>Whether a handler reached the gate (waits for it, within patience).</summary>
    public bool WaitEntered() => _entered.Wait(Patience);

    public void Open() => _open.Set();
}
