using System;

namespace XCall.Benchmarks;

/// <summary>
/// One thing the quick runner measures, once per round. <see cref="Measure"/> starts whatever the case needs
/// (runtime, threads), warms up, measures, and stops every thread it started before it returns: no thread of one case
/// may still run while another is measured. Plug-in assemblies (<c>--plugin</c>) bring their own cases.
/// </summary>
public abstract class Case(string id, Unit unit)
{
    /// <summary>A short stable name that figures refer to and <c>--only</c> matches, for example <c>sync.polling</c>.</summary>
    public string Id { get; } = id;

    /// <summary>How the value reads.</summary>
    public Unit Unit { get; } = unit;

    /// <summary>What is measured, in words.</summary>
    public abstract string Title { get; }

    /// <summary>Sets up, warms up for <see cref="Timing.WarmUp"/>, measures for about <see cref="Timing.Measure"/>, tears down.</summary>
    public abstract double Measure(Timing timing);

    /// <summary>A case whose measurement is one function.</summary>
    public static Case Of(string id, string title, Unit unit, Func<Timing, double> measure) => new FunctionCase(id, title, unit, measure);

    private sealed class FunctionCase(string id, string title, Unit unit, Func<Timing, double> measure) : Case(id, unit)
    {
        public override string Title => title;

        public override double Measure(Timing timing) => measure(timing);
    }
}

/// <summary>How long a case warms up and then measures, each round.</summary>
public readonly record struct Timing(TimeSpan WarmUp, TimeSpan Measure);
