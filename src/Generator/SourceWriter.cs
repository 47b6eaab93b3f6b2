using System;
using System.Text;

namespace XCall.Generator;

/// <summary>Writes C# line by line at the current indentation; <see cref="Block"/> opens braces that close on dispose.</summary>
internal sealed class SourceWriter
{
    private const string Indentation = "    ";
    private readonly StringBuilder _text = new();
    private int _depth;

    /// <summary>Writes one line (an empty one without indentation).</summary>
    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            for (int i = 0; i < _depth; i++) _text.Append(Indentation);
            _text.Append(text);
        }
        _text.Append('\n');
    }

    /// <summary>Writes <paramref name="header"/> and an opening brace; the brace closes when the result is disposed.</summary>
    public Scope Block(string header) => Blocks(header);

    /// <summary>Opens one block per header, each inside the previous; all close when the result is disposed.</summary>
    public Scope Blocks(params string[] headers)
    {
        foreach (string header in headers)
        {
            Line(header);
            Line("{");
            _depth++;
        }
        return new Scope(this, headers.Length);
    }

    /// <summary>Writes lines one level deeper (an expression body, a continued statement).</summary>
    public void Indented(string text)
    {
        _depth++;
        Line(text);
        _depth--;
    }

    public override string ToString() => _text.ToString();

    /// <summary>Closes the braces a <see cref="Blocks"/> call opened.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly SourceWriter _writer;
        private readonly int _levels;

        public Scope(SourceWriter writer, int levels)
        {
            _writer = writer;
            _levels = levels;
        }

        public void Dispose()
        {
            for (int i = 0; i < _levels; i++)
            {
                _writer._depth--;
                _writer.Line("}");
            }
        }
    }
}
