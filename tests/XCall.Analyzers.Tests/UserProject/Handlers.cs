using System.Collections.Generic;
using System.Threading;
using XCall;

namespace UserProject;

// Each reported line says which diagnostics the real build must show on it: "expect: XCnnnn".
public static partial class Tlb
{
    private static readonly object Gate = new();
    private static object? s_last;

    [CrossCall(CallMode.Sync)]
    private static void Flush(ulong address)
    {
        s_last = new List<ulong> { address }; // expect: XC1006
        lock (Gate) // expect: XC2002
        {
            s_last = address; // boxing, but XC1002 is off in .editorconfig
        }
        Helper(); // expect: XC1100
    }

    private static void Helper() => s_last = new int[4];

    [CrossCall(CallMode.Async)]
    private static void Prefetch(ulong address) => Thread.Sleep(1); // expect: XC2003
}

public partial class Cache
{
    [CrossCall(CallMode.Sync)]
    private void Clear() { } // expect: XC0001
}
