using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Xml;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace XCall.Generator;

/// <summary>
/// The parts of a method's XML doc comment the generated senders pass on: the summary and the parameter docs,
/// as one-line inner XML. Crefs come out resolved (<c>T:Shop.Order</c>), so they stay valid in generated files
/// whatever <c>using</c> directives the user's file had.
/// </summary>
internal readonly struct DocComment
{
    private static readonly Regex s_whitespace = new(@"\s+");
    private readonly Dictionary<string, string>? _parameters;

    private DocComment(string? summary, Dictionary<string, string>? parameters)
    {
        Summary = summary;
        _parameters = parameters;
    }

    public string? Summary { get; }

    public string? Parameter(string name) => _parameters is not null && _parameters.TryGetValue(name, out string? text) ? text : null;

    /// <summary>The doc comment of <paramref name="symbol"/>; empty when it has none or it is not well-formed XML.</summary>
    public static DocComment Of(ISymbol symbol, CancellationToken cancellationToken)
    {
        string? xml = symbol.GetDocumentationCommentXml(expandIncludes: false, cancellationToken: cancellationToken);
        if (string.IsNullOrWhiteSpace(xml)) return default;
        XElement root;
        try
        {
            root = XElement.Parse(xml);
        }
        catch (XmlException)
        {
            return default; // the compiler warns about malformed docs; the senders just go without
        }
        var parameters = new Dictionary<string, string>();
        foreach (XElement parameter in root.Elements("param"))
        {
            if (parameter.Attribute("name")?.Value is { } name && InnerXml(parameter) is { } text) parameters[name] = text;
        }
        return new DocComment(root.Element("summary") is { } summary ? InnerXml(summary) : null, parameters);
    }

    private static string? InnerXml(XElement element)
    {
        string text = s_whitespace.Replace(string.Concat(element.Nodes().Select(node => node.ToString())), " ").Trim();
        return text.Length == 0 ? null : text;
    }
}
