using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace XCall.Analyzers.Handlers;

/// <summary>
/// The methods of a compilation, their findings and the calls between them; answers "what is the shortest chain from this
/// method to something that allocates (or blocks)?". Built once per family at the end of the compilation by a breadth-first
/// search backwards from every method with a finding, so cycles terminate and each answer is a shortest chain. Among chains of
/// equal length the one through the earliest call in source order wins, so reports are deterministic.
/// </summary>
internal sealed class CallGraph
{
    /// <summary>Operators by their token (<c>operator +</c>), not their metadata name.</summary>
    private static readonly SymbolDisplayFormat s_operatorFormat = new(memberOptions: SymbolDisplayMemberOptions.None);

    private readonly IReadOnlyDictionary<IMethodSymbol, MemberFacts> _facts;
    private readonly Func<Finding, bool> _counts;
    private readonly Dictionary<IMethodSymbol, Step>?[] _steps = new Dictionary<IMethodSymbol, Step>?[2];

    /// <param name="facts">Every scanned method (vetted ones are absent: nothing passes through them).</param>
    /// <param name="counts">Whether a finding counts (its rule is not turned off where it sits).</param>
    public CallGraph(IReadOnlyDictionary<IMethodSymbol, MemberFacts> facts, Func<Finding, bool> counts)
    {
        _facts = facts;
        _counts = counts;
    }

    /// <summary>The shortest chain from <paramref name="start"/> to a finding of <paramref name="family"/>, or null if none is reachable.</summary>
    public Chain? From(IMethodSymbol start, RuleFamily family)
    {
        Dictionary<IMethodSymbol, Step> steps = _steps[(int)family] ??= Build(family);
        if (!steps.ContainsKey(start)) return null;
        var links = new List<string>();
        for (IMethodSymbol current = start; ; current = steps[current].Next!)
        {
            links.Add(Name(current));
            if (steps[current].Finding is { } finding)
            {
                links.Add(finding.Tail);
                return new Chain(string.Join(" → ", links), finding);
            }
        }
    }

    /// <summary>How a method is named in a chain: accessors by their property, constructors by their type.</summary>
    public static string Name(IMethodSymbol method) => method switch
    {
        { AssociatedSymbol: { } property } => property.Name,
        { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } => method.ContainingType.Name,
        { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion } => method.ToDisplayString(s_operatorFormat),
        _ => method.Name,
    };

    private Dictionary<IMethodSymbol, Step> Build(RuleFamily family)
    {
        var steps = new Dictionary<IMethodSymbol, Step>(SymbolEqualityComparer.Default);
        var callers = new Dictionary<IMethodSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
        var queue = new Queue<IMethodSymbol>();
        foreach (KeyValuePair<IMethodSymbol, MemberFacts> method in _facts)
        {
            foreach (CallSite call in method.Value.Calls)
            {
                if (!callers.TryGetValue(call.Target, out var list)) callers[call.Target] = list = new List<IMethodSymbol>();
                list.Add(method.Key);
            }
            if (method.Value.Findings.FirstOrDefault(f => f.Family == family && _counts(f)) is { } finding)
            {
                steps[method.Key] = new Step(0, finding);
                queue.Enqueue(method.Key);
            }
        }

        while (queue.Count > 0)
        {
            IMethodSymbol callee = queue.Dequeue();
            if (!callers.TryGetValue(callee, out var list)) continue;
            foreach (IMethodSymbol caller in list.Where(caller => !steps.ContainsKey(caller)))
            {
                steps[caller] = new Step(steps[callee].Distance + 1, null);
                queue.Enqueue(caller);
            }
        }

        // Each method's next link: its first call (in source order) that is one step closer to a finding.
        foreach (KeyValuePair<IMethodSymbol, Step> step in steps.Where(s => s.Value.Finding is null))
        {
            step.Value.Next = _facts[step.Key].Calls
                .First(call => steps.TryGetValue(call.Target, out Step? next) && next.Distance == step.Value.Distance - 1).Target;
        }
        return steps;
    }

    /// <param name="Finding">The finding in this method itself (distance 0).</param>
    private sealed record Step(int Distance, Finding? Finding)
    {
        /// <summary>The callee one step closer to a finding (distance &gt; 0).</summary>
        public IMethodSymbol? Next { get; set; }
    }
}

/// <summary>A chain from a method to a finding, as text (<c>Helper → Inner → new List&lt;int&gt;()</c>).</summary>
internal sealed record Chain(string Text, Finding Finding);
