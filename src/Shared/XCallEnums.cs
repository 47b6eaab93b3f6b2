using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace XCall.Shared;

/// <summary>
/// The numbers of the runtime's enum members, as attribute arguments carry them: the generator and analyzers cannot
/// reference the runtime assembly (netstandard2.0 against net8+). A generator test checks they match the runtime's.
/// </summary>
internal static class XCallEnums
{
    /// <summary><c>CallMode.Sync</c>.</summary>
    public const int CallModeSync = 0;

    /// <summary><c>CallMode.Async</c>.</summary>
    public const int CallModeAsync = 1;

    /// <summary><c>CallPriority.Normal</c>.</summary>
    public const int CallPriorityNormal = 0;

    /// <summary><c>CallPriority.High</c>.</summary>
    public const int CallPriorityHigh = 1;

    /// <summary>The <c>Priority</c> a <c>[CrossCall]</c> attribute sets, as its number (<c>Normal</c> when it sets none).</summary>
    public static int PriorityOf(AttributeData attribute)
    {
        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            if (named.Key == "Priority" && named.Value.Value is int priority) return priority;
        }
        return CallPriorityNormal;
    }
}
