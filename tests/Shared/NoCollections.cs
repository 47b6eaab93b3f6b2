using System;
using System.Runtime;
using Xunit;

namespace XCall.Tests.Shared;

/// <summary>
/// A window in which no garbage collection runs, for exact allocation counts: a collection inside the window can add
/// the unused rest of a thread's allocation context (up to 8 KB) to <see cref="GC.GetAllocatedBytesForCurrentThread"/>
/// (dotnet/coreclr#10207), which would read as an allocation that never happened.
/// </summary>
// Linked into every test project that counts allocations.
internal readonly struct NoCollections : IDisposable
{
    /// <summary>Far more than a window that allocates nothing needs; other threads' allocations count against it too.</summary>
    private const long Budget = 64 * 1024 * 1024;

    public static NoCollections Begin()
    {
        Assert.True(GC.TryStartNoGCRegion(Budget), "Could not start a window without garbage collections.");
        return default;
    }

    public void Dispose()
    {
        // Out of the region only when the window allocated past the budget: its counts then show that anyway.
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
    }
}
