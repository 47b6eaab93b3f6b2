using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace XCall.Analyzers.Handlers;

/// <summary>
/// The members of a compilation, their findings and the calls between them; answers "what is the shortest chain from this
/// call to something that allocates (or blocks)?". Built once per family at the end of the compilation by a breadth-first
/// search backwards from every member with a finding, so cycles terminate and each answer is a shortest chain. Among chains of
/// equal length the one through the earliest call in source order wins, so reports are deterministic.
/// </summary>
/// <remarks>
/// A finding counts only where its rule is on (see <see cref="RuleSettings"/>). For a finding inside generated code (the
/// senders XCall writes), that place is the user's call into the generated code: the user configures rules in their own files.
/// </remarks>
internal sealed class CallGraph
{
    /// <summary>Operators by their token (<c>operator +</c>), not their metadata name.</summary>
    private static readonly SymbolDisplayFormat s_operatorFormat = new(memberOptions: SymbolDisplayMemberOptions.None);

    private readonly IReadOnlyDictionary<ISymbol, MemberFacts> _facts;
    private readonly Func<Finding, Location, bool> _isOn;
    private readonly Dictionary<ISymbol, Step>?[] _steps = new Dictionary<ISymbol, Step>?[2];

    /// <param name="facts">Every scanned member (vetted ones are absent: nothing passes through them).</param>
    /// <param name="isOn">Whether a finding's rule is on at a place (turned off neither in configuration nor by a pragma).</param>
    public CallGraph(IReadOnlyDictionary<ISymbol, MemberFacts> facts, Func<Finding, Location, bool> isOn)
    {
        _facts = facts;
        _isOn = isOn;
    }

    /// <summary>The shortest chain from a handler's <paramref name="call"/> to a finding of <paramref name="family"/>, or null if none counts.</summary>
    public Chain? From(CallSite call, RuleFamily family)
    {
        Dictionary<ISymbol, Step> steps = _steps[(int)family] ??= Build(family);
        if (!steps.TryGetValue(call.Target, out Step? first) || !Passes(callerGenerated: false, call, first)) return null;
        var links = new List<string>();
        for (ISymbol current = call.Target; ; current = steps[current].Next!)
        {
            links.Add(Name(current));
            if (steps[current].Own is { } finding)
            {
                links.Add(finding.Tail);
                return new Chain(string.Join(" → ", links), finding);
            }
        }
    }

    /// <summary>How a member is named in a chain: accessors by their property, constructors by their type, initializers by their field.</summary>
    public static string Name(ISymbol member) => member switch
    {
        IMethodSymbol { AssociatedSymbol: { } property } => property.Name,
        IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } constructor => constructor.ContainingType.Name,
        IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion } => member.ToDisplayString(s_operatorFormat),
        _ => member.Name,
    };

    private Dictionary<ISymbol, Step> Build(RuleFamily family)
    {
        var steps = new Dictionary<ISymbol, Step>(SymbolEqualityComparer.Default);
        var callers = new Dictionary<ISymbol, List<(ISymbol Caller, CallSite Call)>>(SymbolEqualityComparer.Default);
        var queue = new Queue<ISymbol>();
        foreach (KeyValuePair<ISymbol, MemberFacts> member in _facts)
        {
            foreach (CallSite call in member.Value.Calls)
            {
                if (!callers.TryGetValue(call.Target, out var list)) callers[call.Target] = list = new();
                list.Add((member.Key, call));
            }
            if (member.Value.Findings.FirstOrDefault(f => f.Family == family && _isOn(f, f.Location)) is { } finding)
            {
                steps[member.Key] = new Step(0, finding, finding);
                queue.Enqueue(member.Key);
            }
        }

        while (queue.Count > 0)
        {
            ISymbol callee = queue.Dequeue();
            if (!callers.TryGetValue(callee, out var list)) continue;
            Step step = steps[callee];
            foreach (var (caller, call) in list)
            {
                if (steps.ContainsKey(caller) || !Passes(_facts[caller].Generated, call, step)) continue;
                steps[caller] = new Step(step.Distance + 1, null, step.Origin);
                queue.Enqueue(caller);
            }
        }

        // Each member's next link: its first call (in source order) that is one step closer to a finding.
        foreach (KeyValuePair<ISymbol, Step> step in steps.Where(s => s.Value.Own is null))
        {
            bool generated = _facts[step.Key].Generated;
            step.Value.Next = _facts[step.Key].Calls
                .First(call => steps.TryGetValue(call.Target, out Step? next) && next.Distance == step.Value.Distance - 1 && Passes(generated, call, next))
                .Target;
        }
        return steps;
    }

    /// <summary>Whether a chain may go through <paramref name="call"/> into a member at <paramref name="callee"/>: always, except from user code into generated code where the finding's rule is off at the call.</summary>
    private bool Passes(bool callerGenerated, CallSite call, Step callee) =>
        callerGenerated || !(_facts.TryGetValue(call.Target, out MemberFacts? target) && target.Generated) || _isOn(callee.Origin, call.Location);

    /// <param name="Own">The finding in this member itself (distance 0).</param>
    /// <param name="Origin">The finding the chain from this member ends in.</param>
    private sealed record Step(int Distance, Finding? Own, Finding Origin)
    {
        /// <summary>The callee one step closer to a finding (distance &gt; 0).</summary>
        public ISymbol? Next { get; set; }
    }
}

/// <summary>A chain from a member to a finding, as text (<c>Helper → Inner → new List&lt;int&gt;()</c>).</summary>
internal sealed record Chain(string Text, Finding Finding);
