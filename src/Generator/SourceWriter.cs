using System;
using System.Text;

namespace XCall.Generator;

/// <summary>
/// Writes C# line by line at the current indentation; <see cref="Block"/> opens braces that close on dispose. Long
/// runs of text are written piece by piece (<see cref="StartLine"/>, <see cref="Write"/>, <see cref="EndLine"/>),
/// straight into the one builder, so the emitter makes no intermediate strings.
/// </summary>
internal sealed class SourceWriter
{
    private const string Indentation = "    ";
    /// <summary>The largest builder kept for the next file of this thread (chars).</summary>
    private const int CachedCapacity = 256 * 1024;
    private static readonly string[] s_indents = Indents(16);

    /// <summary>
    /// The builder of the last file this thread finished, reused for the next: a generator run writes a thousand files of
    /// tens of KB, and a fresh builder per file would allocate each file's text twice (chunks, then the string).
    /// </summary>
    [ThreadStatic]
    private static StringBuilder? t_cached;

    private StringBuilder _text;
    private int _depth;

    public SourceWriter(int capacity = 1024)
    {
        StringBuilder? cached = t_cached;
        t_cached = null;
        _text = cached ?? new StringBuilder(capacity);
    }

    /// <summary>The indentation of the current depth, as one string.</summary>
    public string Indent => _depth < s_indents.Length ? s_indents[_depth] : IndentOf(_depth);

    /// <summary>Writes one line (an empty one without indentation).</summary>
    public void Line(string text = "")
    {
        if (text.Length > 0) _text.Append(Indent).Append(text);
        _text.Append('\n');
    }

    /// <summary>Writes a preprocessor directive on a line of its own, unindented.</summary>
    public void Directive(string text) => _text.Append(text).Append('\n');

    /// <summary>Starts a line at the current indentation; continue it with <see cref="Write"/>, end it with <see cref="EndLine"/>.</summary>
    public SourceWriter StartLine()
    {
        _text.Append(Indent);
        return this;
    }

    /// <summary>Appends <paramref name="text"/> to the current line.</summary>
    public SourceWriter Write(string text)
    {
        _text.Append(text);
        return this;
    }

    /// <summary>Appends <paramref name="value"/> to the current line.</summary>
    public SourceWriter Write(char value)
    {
        _text.Append(value);
        return this;
    }

    /// <summary>Ends the current line.</summary>
    public void EndLine() => _text.Append('\n');

    /// <summary>Writes <paramref name="header"/> and an opening brace; the brace closes when the result is disposed.</summary>
    public Scope Block(string header)
    {
        Line(header);
        Line("{");
        _depth++;
        return new Scope(this, 1);
    }

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

    /// <summary>Writes an opening brace on its own line and indents; <see cref="CloseBrace"/> undoes it.</summary>
    public void OpenBrace()
    {
        Line("{");
        _depth++;
    }

    /// <summary>Closes the brace <see cref="OpenBrace"/> opened.</summary>
    public void CloseBrace()
    {
        _depth--;
        Line("}");
    }

    /// <summary>Writes lines one level deeper (an expression body, a continued statement).</summary>
    public void Indented(string text)
    {
        _depth++;
        Line(text);
        _depth--;
    }

    public override string ToString() => _text.ToString();

    /// <summary>The text written, as one string; the writer is done, and its builder goes to the next file of this thread.</summary>
    public string Complete()
    {
        string text = _text.ToString();
        if (_text.Capacity <= CachedCapacity)
        {
            _text.Clear();
            t_cached = _text;
        }
        _text = null!;
        return text;
    }

    private static string[] Indents(int count)
    {
        var indents = new string[count];
        for (int depth = 0; depth < count; depth++) indents[depth] = IndentOf(depth);
        return indents;
    }

    private static string IndentOf(int depth)
    {
        var text = new StringBuilder(depth * Indentation.Length);
        for (int i = 0; i < depth; i++) text.Append(Indentation);
        return text.ToString();
    }

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
            for (int i = 0; i < _levels; i++) _writer.CloseBrace();
        }
    }
}
