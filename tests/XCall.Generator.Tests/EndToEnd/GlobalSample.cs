using XCall;

/// <summary>A containing type in the global namespace.</summary>
internal static partial class GlobalSample
{
    [CrossCall(CallMode.Sync)]
    private static int Negate(int value) => -value;
}
