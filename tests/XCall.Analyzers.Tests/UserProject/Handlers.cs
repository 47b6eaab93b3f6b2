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

    // A sync sender waits for other cores (XC2007), which .editorconfig turns off for this project's files: no XC2100
    // through the generated sender either, though the generated file is not one of them.
    [CrossCall(CallMode.Sync)]
    private static void Shootdown(XCallRuntime runtime, ulong address) => FlushOnOthers(runtime, address);
}

public partial class Cache
{
    [CrossCall(CallMode.Sync)]
    private void Clear() { } // expect: XC0001
}
