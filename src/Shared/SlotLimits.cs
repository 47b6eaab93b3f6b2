namespace XCall.Shared;

/// <summary>
/// The runtime's slot limits. The generator and analyzers cannot reference the runtime assembly
/// (netstandard2.0 against net8+), so the numbers live here too; a generator test checks they match
/// <c>XCallRuntime.MaxPayloadSize</c> and <c>CallRefs.Capacity</c>.
/// </summary>
internal static class SlotLimits
{
    /// <summary>Bytes of unmanaged arguments (or IPI message) one call carries inline.</summary>
    public const int MaxPayloadSize = 256;

    /// <summary>Reference-type arguments one call carries.</summary>
    public const int MaxReferences = 4;
}
