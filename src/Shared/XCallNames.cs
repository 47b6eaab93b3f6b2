namespace XCall.Shared;

/// <summary>Metadata names of the runtime types the generator and analyzers look for.</summary>
internal static class XCallNames
{
    public const string CrossCallAttribute = "XCall.CrossCallAttribute";
    public const string IpiHandlerAttribute = "XCall.IpiHandlerAttribute";
    public const string VettedAttribute = "XCall.VettedAttribute";
    public const string IpiContext = "XCall.IpiContext";
    public const string XCallRuntime = "XCall.XCallRuntime";
}
