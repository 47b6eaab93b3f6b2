namespace XCall.Benchmarks;

/// <summary>A figure the quick runner reports from its cases' values, with its target.</summary>
public abstract record Figure(string Title, Goal Goal);

/// <summary>
/// A case against its baseline: the ratio <c>subject ÷ baseline</c> of the two values of the same round (for
/// throughput above 1 is faster; for a time below 1 is faster), reported per round and as a median.
/// </summary>
public sealed record Comparison(string Title, string Subject, string Baseline, Goal Goal) : Figure(Title, Goal);

/// <summary>A case's value held against a bound (bytes allocated, wake-ups per call, footprint).</summary>
public sealed record Limit(string Title, string Subject, Goal Goal) : Figure(Title, Goal);
