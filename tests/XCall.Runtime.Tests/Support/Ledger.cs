using System;
using System.Threading;

namespace XCall.Tests;

/// <summary>
/// Counts how many times each numbered call ran on each core, to prove exactly-once delivery:
/// every call gets an index; <see cref="Expect"/> records where it should run; <see cref="Verify"/> compares.
/// </summary>
public sealed class Ledger
{
    private readonly int _cores;
    private readonly int[] _ran;          // [index * cores + core]
    private readonly long[] _expected;    // per index: bit mask of cores, or -1 when unknown (the send threw)

    public Ledger(int calls, int cores)
    {
        _cores = cores;
        _ran = new int[calls * cores];
        _expected = new long[calls];
    }

    public void Ran(long index, int core) => Interlocked.Increment(ref _ran[index * _cores + core]);

    public void Expect(long index, long coreBits) => _expected[index] = coreBits;

    public void ExpectUnknown(long index) => _expected[index] = -1;

    /// <summary>Checks every call ran exactly on its expected cores, and at most once anywhere.</summary>
    public void Verify(Func<long, bool>? cancelled = null)
    {
        for (long index = 0; index < _expected.Length; index++)
        {
            for (int core = 0; core < _cores; core++)
            {
                int ran = _ran[index * _cores + core];
                if (ran > 1) throw new Xunit.Sdk.XunitException($"Call {index} ran {ran} times on core {core}.");
                if (_expected[index] == -1) continue;
                bool expected = (_expected[index] & (1L << core)) != 0 && !(cancelled?.Invoke(index) ?? false);
                if (expected != (ran == 1))
                    throw new Xunit.Sdk.XunitException($"Call {index} {(expected ? "never ran" : "ran")} on core {core}.");
            }
        }
    }
}

/// <summary>Records that call `index` ran on this core, in the Ledger passed as reference 0.</summary>
public struct Entry : ICrossCallHandler<long>
{
    public static string Name => "Tests.Entry";

    public static void Invoke(in long index, ref CallFrame frame) => frame.Ref<Ledger>(0)!.Ran(index, frame.Core);
}

/// <summary>From a core: forwards call `index` asynchronously to the next core and waits for it (a call made from a handler).</summary>
public struct Forward : ICrossCallHandler<long>
{
    public static string Name => "Tests.Forward";

    public static void Invoke(in long index, ref CallFrame frame)
    {
        int next = (frame.Core + 1) % frame.Runtime.CoreCount;
        frame.Runtime.Post<Entry, long>(next, index, new CallRefs(frame.Ref<Ledger>(0))).Wait();
    }
}
