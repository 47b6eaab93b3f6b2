using System;

namespace XCall;

/// <summary>
/// Marks a static method of a partial type as a cross-core call. The XCall source generator writes
/// type-safe senders beside it (<c>NameOn</c>, <c>NameOnAll</c>, <c>NameOnOthers</c>, <c>NameOnMask</c>,
/// <c>NameOnAny</c>, their <c>Try</c> forms and a private-request form) that copy the arguments into a
/// preallocated queue slot of the target core without allocating.
/// </summary>
/// <remarks>
/// Parameters must be unmanaged values (passed by value or <c>in</c>) and at most
/// <see cref="CallRefs.Capacity"/> reference-type parameters; the unmanaged arguments together must fit
/// <see cref="XCallRuntime.MaxPayloadSize"/> bytes. The XCall analyzers report any method that does not fit.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CrossCallAttribute : Attribute
{
    /// <summary>Marks a method as a cross-core call made in the given <paramref name="mode"/>.</summary>
    /// <param name="mode">Whether callers wait for the call (<see cref="CallMode.Sync"/>) or get a ticket (<see cref="CallMode.Async"/>).</param>
    public CrossCallAttribute(CallMode mode) => Mode = mode;

    /// <summary>Whether callers wait for the call or get a ticket.</summary>
    public CallMode Mode { get; }

    /// <summary>The queue the call uses on its target core; <see cref="CallPriority.Normal"/> unless set.</summary>
    public CallPriority Priority { get; set; }
}
