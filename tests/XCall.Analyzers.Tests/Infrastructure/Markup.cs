using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace XCall.Analyzers.Tests.Infrastructure;

/// <summary>A diagnostic a test expects: its ID and the span of source it covers.</summary>
internal sealed record ExpectedDiagnostic(string Id, TextSpan Span);

/// <summary>
/// Test source with expected diagnostics marked inline: <c>{|XC1006:new List&lt;int&gt;()|}</c> expects XC1006 exactly on
/// <c>new List&lt;int&gt;()</c>. Marks may nest.
/// </summary>
internal sealed class Markup
{
    private Markup(string source, ImmutableArray<ExpectedDiagnostic> expected)
    {
        Source = source;
        Expected = expected;
    }

    /// <summary>The source without the marks.</summary>
    public string Source { get; }

    public ImmutableArray<ExpectedDiagnostic> Expected { get; }

    public static Markup Parse(string markup)
    {
        var source = new StringBuilder(markup.Length);
        var open = new Stack<(string Id, int Start)>();
        var expected = ImmutableArray.CreateBuilder<ExpectedDiagnostic>();
        for (int i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                int colon = markup.IndexOf(':', i);
                open.Push((markup.Substring(i + 2, colon - i - 2), source.Length));
                i = colon;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open.Count > 0)
            {
                var (id, start) = open.Pop();
                expected.Add(new ExpectedDiagnostic(id, TextSpan.FromBounds(start, source.Length)));
                i++;
            }
            else
            {
                source.Append(markup[i]);
            }
        }
        return new Markup(source.ToString(), expected.ToImmutable());
    }
}
