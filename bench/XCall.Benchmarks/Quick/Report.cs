using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace XCall.Benchmarks;

/// <summary>The values the rounds measured, and the tables printed from them.</summary>
public sealed class Report(QuickOptions options, IReadOnlyList<Case> cases, IReadOnlyList<Figure> figures, IReadOnlySet<string> knownIds)
{
    private readonly Dictionary<string, double[]> _values = cases.ToDictionary(c => c.Id, _ => Enumerable.Repeat(double.NaN, options.Rounds).ToArray());

    public void Record(Case @case, int round, double value) => _values[@case.Id][round] = value;

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("Cases (per round: in round order)");
        Table(output, ["case", "what", "median", "min", "max", "per round"], cases.Select(c => new[]
        {
            c.Id, c.Title, c.Unit.Format(Median(_values[c.Id])), c.Unit.Format(_values[c.Id].Min()), c.Unit.Format(_values[c.Id].Max()),
            string.Join(" ", _values[c.Id].Select(v => c.Unit.Format(v).Split(' ')[0])),
        }));

        output.WriteLine();
        output.WriteLine("Figures (ratio = XCall ÷ baseline, same round; for times below 1 is faster)");
        var rows = new List<string[]>();
        foreach (Figure figure in figures)
        {
            if (Row(figure) is { } row) rows.Add(row);
        }
        Table(output, ["figure", "XCall", "baseline", "target", "median", "min", "max", "per round", "met"], rows);
    }

    private string[]? Row(Figure figure)
    {
        string[] ids = figure is Comparison comparison ? [comparison.Subject, comparison.Baseline] : [((Limit)figure).Subject];
        // A figure whose case nobody provides yet is named when its other case ran, so the gap shows.
        if (ids.FirstOrDefault(id => !knownIds.Contains(id)) is { } unknown)
            return ids.Any(_values.ContainsKey) ? [figure.Title, "", "", figure.Goal.Text, $"not measured: no case \"{unknown}\" yet", "", "", "", ""] : null;
        if (!ids.All(_values.ContainsKey)) return null; // left out with --only
        double[] values = figure is Comparison c
            ? [.. _values[c.Subject].Zip(_values[c.Baseline], (subject, baseline) => subject / baseline)]
            : _values[ids[0]];
        Func<double, string> format = figure is Comparison ? v => $"{v:F2}×" : cases.First(x => x.Id == ids[0]).Unit.Format;
        double median = Median(values);
        string met = figure.Goal.Meets is null ? "" : figure.Goal.Meets(median) ? "yes" : "NO";
        return [figure.Title, MedianOf(ids[0]), ids.Length > 1 ? MedianOf(ids[1]) : "", figure.Goal.Text, format(median), format(values.Min()), format(values.Max()),
            string.Join(" ", values.Select(v => format(v).Split(' ')[0])), met];
    }

    private string MedianOf(string id) => cases.First(c => c.Id == id).Unit.Format(Median(_values[id]));

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void Table(TextWriter output, string[] header, IEnumerable<string[]> rows)
    {
        List<string[]> all = [header, .. rows];
        int[] widths = [.. Enumerable.Range(0, header.Length).Select(column => all.Max(row => row[column].Length))];
        string Line(string[] row) => "| " + string.Join(" | ", row.Select((cell, column) => cell.PadRight(widths[column]))) + " |";
        output.WriteLine(Line(header));
        output.WriteLine("|" + string.Join("|", widths.Select(width => new string('-', width + 2))) + "|");
        foreach (string[] row in all.Skip(1)) output.WriteLine(Line(row));
    }
}
