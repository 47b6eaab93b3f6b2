using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace XCall.Analyzers.Handlers;

/// <summary>Something in a method body that allocates or blocks: the rule, where, the message arguments, and how a chain names it.</summary>
/// <param name="Tail">The last link of a chain, e.g. <c>new List&lt;int&gt;()</c> in <c>Flush → Helper → new List&lt;int&gt;()</c>.</param>
internal sealed record Finding(DiagnosticDescriptor Rule, Location Location, object[] Arguments, string Tail)
{
    public RuleFamily Family => Rule.Category == XCallDiagnostics.BlockingCategory ? RuleFamily.Blocking : RuleFamily.Allocation;

    public Diagnostic ToDiagnostic() => Diagnostic.Create(Rule, Location, Arguments);
}

/// <summary>The two kinds of trouble a handler must stay clear of; each has its own transitive rule.</summary>
internal enum RuleFamily
{
    Allocation,
    Blocking,
}

/// <summary>
/// A call from one member of the compilation to another (an edge of the call graph). The target is a method, or an instance
/// field or property whose initializer a constructor runs.
/// </summary>
internal sealed record CallSite(ISymbol Target, Location Location);

/// <summary>
/// What one member's code does: its own findings and its calls into the compilation, both in source order, and whether the
/// code is generated (the XCall senders: nothing is reported inside them).
/// </summary>
internal sealed record MemberFacts(ImmutableArray<Finding> Findings, ImmutableArray<CallSite> Calls, bool Generated);
