using System;
using System.Collections.Generic;
using System.Linq;

namespace XCall.Samples;

/// <summary>What a run verified: printed as the last table, and the process's exit code (0 only when every check held).</summary>
internal sealed class Checks
{
    /// <summary>The last line of a run in which every check held (the smoke tests look for it).</summary>
    public const string AllPassed = "All checks passed.";

    private readonly List<(string What, bool Held)> _checks = [];

    public void Expect(bool held, string what) => _checks.Add((what, held));

    /// <summary>Prints the checks and returns the exit code: 0 when all held, 1 otherwise.</summary>
    public int Report()
    {
        var table = new SummaryTable("Checks", "check", "result");
        foreach ((string what, bool held) in _checks) table.Row(what, held ? "ok" : "FAILED");
        table.Print();
        int failed = _checks.Count(check => !check.Held);
        Console.WriteLine();
        Console.WriteLine(failed == 0 ? AllPassed : $"{failed} of {_checks.Count} checks FAILED.");
        return failed == 0 ? 0 : 1;
    }
}
