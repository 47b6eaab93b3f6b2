using System;

namespace XCall;

/// <summary>
/// Marks a static method <c>static void M(in IpiContext ctx, in TMessage msg)</c> as a handler of typed IPI
/// messages of the given type id. <c>TMessage</c> must be an unmanaged struct of at most
/// <see cref="XCallRuntime.MaxPayloadSize"/> bytes. Several handlers may share one type id; all of them run.
/// </summary>
/// <remarks>
/// The XCall source generator collects every handler of the assembly into a dispatch table with a
/// <c>Register(XCallRuntime)</c> method, and writes typed senders for each message type.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class IpiHandlerAttribute : Attribute
{
    /// <summary>Marks a method as a handler of IPI messages with type id <paramref name="type"/>.</summary>
    /// <param name="type">The message type id, a non-negative number chosen by the application.</param>
    public IpiHandlerAttribute(int type) => Type = type;

    /// <summary>The message type id this handler receives.</summary>
    public int Type { get; }
}
