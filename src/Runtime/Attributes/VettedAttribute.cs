using System;

namespace XCall;

/// <summary>
/// Tells the XCall analyzers that a method was reviewed and may allocate or block although a handler
/// calls it: reports inside it, and reports that reach a handler through it, stop here.
/// </summary>
/// <remarks>Give the reason in words a reviewer can check, for example "allocates only on first use per core".</remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property | AttributeTargets.Class | AttributeTargets.Struct,
    AllowMultiple = false, Inherited = false)]
public sealed class VettedAttribute : Attribute
{
    /// <summary>Marks the member as vetted for the given <paramref name="reason"/>.</summary>
    /// <param name="reason">Why the allocation or blocking inside is acceptable.</param>
    public VettedAttribute(string reason) => Reason = reason;

    /// <summary>Why the allocation or blocking inside is acceptable.</summary>
    public string Reason { get; }
}
