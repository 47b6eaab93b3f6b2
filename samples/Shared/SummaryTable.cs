using System;
using System.Collections.Generic;
using System.Linq;

namespace XCall.Samples;

/// <summary>
/// A table printed at the end of a run, in Markdown: it lines up in a terminal and pastes into documents as it is.
/// The first column is left-aligned (names), the others right-aligned (numbers).
/// </summary>
internal sealed class SummaryTable(string title, params string[] columns)
{
    private readonly List<string[]> _rows = [];

    public SummaryTable Row(params string[] cells)
    {
        if (cells.Length != columns.Length)
            throw new ArgumentException($"The table '{title}' has {columns.Length} columns; this row has {cells.Length} cells.", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    public void Print()
    {
        int[] widths = Enumerable.Range(0, columns.Length)
            .Select(column => _rows.Select(row => row[column].Length).Append(columns[column].Length).Append(3).Max())
            .ToArray();
        Console.WriteLine();
        Console.WriteLine($"## {title}");
        Console.WriteLine();
        Console.WriteLine(Line(columns, widths));
        Console.WriteLine(Line(widths.Select((width, column) => column == 0 ? new string('-', width) : new string('-', width - 1) + ":").ToArray(), widths));
        foreach (string[] row in _rows) Console.WriteLine(Line(row, widths));
    }

    private static string Line(string[] cells, int[] widths) =>
        "| " + string.Join(" | ", cells.Select((cell, column) => column == 0 ? cell.PadRight(widths[column]) : cell.PadLeft(widths[column]))) + " |";
}
