using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace XCall.Analyzers.Handlers;

/// <summary>Something in a method body that allocates or blocks: the rule, where, the message arguments, and how a chain names it.</summary>
internal sealed class Finding
{
    public Finding(DiagnosticDescriptor rule, Location location, object[] arguments, string tail)
    {
        Rule = rule;
        Location = location;
        Arguments = arguments;
        Tail = tail;
    }

    public DiagnosticDescriptor Rule { get; }

    public Location Location { get; }

    public object[] Arguments { get; }

    /// <summary>The last link of a chain, e.g. <c>new List&lt;int&gt;()</c> in <c>Flush → Helper → new List&lt;int&gt;()</c>.</summary>
    public string Tail { get; }

    public RuleFamily Family => Rule.Category == XCallDiagnostics.BlockingCategory ? RuleFamily.Blocking : RuleFamily.Allocation;

    public Diagnostic ToDiagnostic() => Diagnostic.Create(Rule, Location, Arguments);
}

/// <summary>The two kinds of trouble a handler must stay clear of; each has its own transitive rule.</summary>
internal enum RuleFamily
{
    Allocation,
    Blocking,
}

/// <summary>A call from one method of the compilation to another (an edge of the call graph).</summary>
internal sealed class CallSite
{
    public CallSite(IMethodSymbol target, Location location)
    {
        Target = target;
        Location = location;
    }

    public IMethodSymbol Target { get; }

    public Location Location { get; }
}

/// <summary>What one method body does: its own findings and its calls into the compilation, both in source order.</summary>
internal sealed class MemberFacts
{
    public MemberFacts(ImmutableArray<Finding> findings, ImmutableArray<CallSite> calls)
    {
        Findings = findings;
        Calls = calls;
    }

    public ImmutableArray<Finding> Findings { get; }

    public ImmutableArray<CallSite> Calls { get; }
}
