using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace XCall;

/// <summary>
/// The thunk a core runs for a message from another instance: finds the local handlers of its type, checks the
/// payload has the size their message type has (the other process is another program: it may disagree), and runs them.
/// </summary>
internal static unsafe class RemoteIpiDispatch
{
    public static readonly nint Pointer = HandlerNames.Register((nint)(delegate*<ref CallFrame, void>)&Dispatch, "IPI message from another instance");

    private static void Dispatch(ref CallFrame frame)
    {
        ref readonly RemoteEnvelope envelope = ref frame.Args<RemoteEnvelope>();
        IpiHandlerEntry[]? handlers = frame.Runtime.Ipi.HandlersOf(envelope.Type);
        if (handlers is null)
            throw new InvalidOperationException($"No handler is registered for IPI type {envelope.Type} in runtime '{frame.Runtime.Name}': the message from instance {envelope.SenderInstance} was not delivered. Register the handlers before joining the multikernel.");
        IpiHandlerEntry first = handlers[0];
        if (MessageRecord.BodyBytes(first.MessageSize) != envelope.Size)
            throw new InvalidDataException($"Instance {envelope.SenderInstance} sent IPI type {envelope.Type} with {envelope.Size} payload bytes, but its handlers here take {first.MessageType.Name} ({first.MessageSize} bytes): both sides must use the same message type for a type id.");
        var context = new IpiContext(frame.Runtime, frame.Core, frame.SenderCore, envelope.Type, envelope.SenderInstance);
        IpiDispatch.Run(handlers, in context, ref Unsafe.As<PayloadBytes, byte>(ref Unsafe.AsRef(in envelope.Payload)));
    }
}
