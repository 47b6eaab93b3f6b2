using System.Collections.Generic;

namespace XCall.Benchmarks;

/// <summary>
/// Cases and figures for the quick runner. The benchmark's own are <see cref="BuiltInCases"/>; an assembly passed with
/// <c>--plugin &lt;path.dll&gt;</c> contributes every public type implementing this interface (with a parameterless
/// constructor), so comparisons with code that is not part of the repository run in the same process and rounds.
/// A figure may name cases of any source; it is reported when all its cases ran.
/// </summary>
public interface ICaseSource
{
    IEnumerable<Case> Cases { get; }

    IEnumerable<Figure> Figures { get; }
}
