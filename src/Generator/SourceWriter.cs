using System;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace XCall.Generator;

/// <summary>
/// Writes C# line by line at the current indentation; <see cref="Block"/> opens braces that close on dispose. Long
/// runs of text are written piece by piece (<see cref="StartLine"/>, <see cref="Write"/>, <see cref="EndLine"/>),
/// straight into one buffer, so the emitter makes no intermediate strings; <see cref="Complete"/> turns the buffer into
/// the file's text (<see cref="NarrowText"/>, one byte per character) and keeps it for the thread's next file.
/// </summary>
internal sealed class SourceWriter
{
    private const string Indentation = "    ";
    /// <summary>The largest buffer kept for the next file of this thread (chars).</summary>
    private const int CachedCapacity = 256 * 1024;
    private static readonly string[] s_indents = Indents(16);

    /// <summary>
    /// The buffer of the last file this thread finished, reused for the next: a generator run writes a thousand files of
    /// tens of KB, and a fresh buffer per file would allocate each file's text twice (the buffer, then the text).
    /// </summary>
    [ThreadStatic]
    private static char[]? t_cached;

    private char[] _buffer;
    private int _length;
    private int _depth;

    public SourceWriter(int capacity = 1024)
    {
        char[]? cached = t_cached;
        t_cached = null;
        _buffer = cached is not null && cached.Length >= capacity ? cached : new char[capacity];
    }

    /// <summary>The indentation of the current depth, as one string.</summary>
    public string Indent => _depth < s_indents.Length ? s_indents[_depth] : IndentOf(_depth);

    /// <summary>Writes one line (an empty one without indentation).</summary>
    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            Append(Indent);
            Append(text);
        }
        Append('\n');
    }

    /// <summary>Writes a preprocessor directive on a line of its own, unindented.</summary>
    public void Directive(string text)
    {
        Append(text);
        Append('\n');
    }

    /// <summary>Starts a line at the current indentation; continue it with <see cref="Write"/>, end it with <see cref="EndLine"/>.</summary>
    public SourceWriter StartLine()
    {
        Append(Indent);
        return this;
    }

    /// <summary>Appends <paramref name="text"/> to the current line.</summary>
    public SourceWriter Write(string text)
    {
        Append(text);
        return this;
    }

    /// <summary>Appends <paramref name="value"/> to the current line.</summary>
    public SourceWriter Write(char value)
    {
        Append(value);
        return this;
    }

    /// <summary>Ends the current line.</summary>
    public void EndLine() => Append('\n');

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

    public override string ToString() => new(_buffer, 0, _length);

    /// <summary>The text written, as the file's source text; the writer is done, and its buffer goes to the next file of this thread.</summary>
    public SourceText Complete()
    {
        SourceText text = NarrowText.From(_buffer, _length);
        if (_buffer.Length <= CachedCapacity) t_cached = _buffer;
        _buffer = null!;
        _length = 0;
        return text;
    }

    private void Append(string text)
    {
        if (_buffer.Length - _length < text.Length) Grow(text.Length);
        text.CopyTo(0, _buffer, _length, text.Length);
        _length += text.Length;
    }

    private void Append(char character)
    {
        if (_length == _buffer.Length) Grow(1);
        _buffer[_length++] = character;
    }

    private void Grow(int needed)
    {
        var larger = new char[Math.Max(_buffer.Length * 2, _length + needed)];
        Array.Copy(_buffer, larger, _length);
        _buffer = larger;
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
