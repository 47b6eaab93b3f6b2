using System;
using System.Collections.Generic;
using System.Globalization;

namespace XCall.Benchmarks;

/// <summary>The quick runner's command line.</summary>
public sealed record QuickOptions(int Rounds, Timing Timing, IReadOnlyList<string> Plugins, IReadOnlyList<string> Only)
{
    public const string Usage =
        "--quick [--rounds N (5)] [--warmup SECONDS (0.25)] [--time SECONDS (2)] [--only TEXT]... [--plugin PATH.dll]...";

    /// <summary>Parses <paramref name="args"/>, or returns null and says why.</summary>
    public static QuickOptions? Parse(string[] args, out string? error)
    {
        int rounds = 5;
        double warmUp = 0.25, measure = 2;
        var plugins = new List<string>();
        var only = new List<string>();
        error = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg == "--quick") continue;
            if (i + 1 >= args.Length)
            {
                error = $"{arg} needs a value, or is unknown.";
                return null;
            }
            string value = args[++i];
            bool ok = arg switch
            {
                "--rounds" => int.TryParse(value, CultureInfo.InvariantCulture, out rounds) && rounds >= 1,
                "--warmup" => double.TryParse(value, CultureInfo.InvariantCulture, out warmUp) && warmUp >= 0,
                "--time" => double.TryParse(value, CultureInfo.InvariantCulture, out measure) && measure > 0,
                "--plugin" => Add(plugins, value),
                "--only" => Add(only, value),
                _ => false,
            };
            if (!ok)
            {
                error = $"Unknown option or bad value: {arg} {value}";
                return null;
            }
        }
        return new QuickOptions(rounds, new Timing(TimeSpan.FromSeconds(warmUp), TimeSpan.FromSeconds(measure)), plugins, only);
    }

    /// <summary>Whether a case runs: every case when no <c>--only</c> was given, else those whose id contains one of them.</summary>
    public bool Includes(Case @case) => Only.Count == 0 || System.Linq.Enumerable.Any(Only, text => @case.Id.Contains(text, StringComparison.OrdinalIgnoreCase));

    private static bool Add(List<string> list, string value)
    {
        list.Add(value);
        return true;
    }
}
