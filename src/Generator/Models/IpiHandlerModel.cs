namespace XCall.Generator.Models;

/// <summary>Everything the emitter needs for one <c>[IpiHandler]</c> method.</summary>
/// <param name="HandlerName">The generated handler struct's name, unique in the containing type.</param>
/// <param name="RegisterName">The generated per-handler registration method's name.</param>
/// <param name="IsPublic">Whether the registration method is public (the method is); otherwise it is internal.</param>
/// <param name="Type">The IPI message type id.</param>
/// <param name="MessageType">The fully qualified message struct.</param>
/// <param name="ContextIsIn">Whether the method takes the context by <c>in</c>.</param>
/// <param name="MessageIsIn">Whether the method takes the message by <c>in</c>.</param>
internal sealed record IpiHandlerModel(
    Container Container,
    string MethodName,
    string HandlerName,
    string RegisterName,
    bool IsPublic,
    int Type,
    string MessageType,
    bool ContextIsIn,
    bool MessageIsIn)
{
    /// <summary>What the assembly's dispatch table needs of this handler (so other edits leave the table alone).</summary>
    public IpiTableEntry ToTableEntry() =>
        new(Container.QualifiedNameOf(RegisterName), Type, MessageType, Container.DisplayNameOf(MethodName));
}

/// <summary>One handler in the assembly's dispatch table.</summary>
/// <param name="Register">The qualified per-handler registration method, for example <c>global::Shop.Node.RegisterOnPing</c>.</param>
/// <param name="Handler">The handler's display name, for example <c>Node.OnPing</c>.</param>
internal sealed record IpiTableEntry(string Register, int Type, string MessageType, string Handler);

/// <summary>The assembly's IPI dispatch table: every handler, sorted by type id then name.</summary>
internal sealed record IpiTableModel(EquatableArray<IpiTableEntry> Handlers);
