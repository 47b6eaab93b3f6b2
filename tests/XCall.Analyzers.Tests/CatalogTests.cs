using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using XCall.Analyzers.Declarations;
using XCall.Analyzers.Handlers;
using XCall.Analyzers.Tests.Infrastructure;
using Xunit;

namespace XCall.Analyzers.Tests;

/// <summary>The descriptor catalog, its help pages and the release tracking files stay in step.</summary>
public sealed class CatalogTests
{
    private static readonly DiagnosticDescriptor[] s_descriptors =
        new DeclarationAnalyzer().SupportedDiagnostics.Concat(new HandlerBodyAnalyzer().SupportedDiagnostics).ToArray();

    private static readonly string s_docs = Path.Combine(Repository.Root, "docs", "diagnostics");

    public static IEnumerable<object[]> Ids => s_descriptors.Select(descriptor => new object[] { descriptor.Id });

    [Fact]
    public void Ids_are_unique_and_numbered_by_family()
    {
        Assert.Equal(s_descriptors.Length, s_descriptors.Select(d => d.Id).Distinct().Count());
        Assert.All(s_descriptors, d => Assert.Matches(d.Category switch
        {
            "XCall.Declarations" => "^XC0\\d{3}$",
            "XCall.Allocation" => "^XC1\\d{3}$",
            _ => "^XC2\\d{3}$",
        }, d.Id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_rule_has_a_help_page_with_what_why_an_example_and_how_to_suppress(string id)
    {
        DiagnosticDescriptor descriptor = s_descriptors.Single(d => d.Id == id);
        Assert.Equal($"docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
        string page = File.ReadAllText(Path.Combine(s_docs, id + ".md"));
        Assert.StartsWith($"# {id}: {descriptor.Title}\n", page);
        Assert.All(new[] { "## What", "## Why", "Before:", "After:", "## How to suppress" }, heading => Assert.Contains(heading, page));
        Assert.Contains($"| [{id}]({id}.md) | {descriptor.Title} | {descriptor.DefaultSeverity} |", File.ReadAllText(Path.Combine(s_docs, "README.md")));
    }

    [Fact]
    public void The_unshipped_release_file_lists_every_rule_with_its_category_and_severity()
    {
        string[] rows = File.ReadAllLines(Path.Combine(Repository.Root, "src", "Analyzers", "AnalyzerReleases.Unshipped.md"))
            .Where(line => Regex.IsMatch(line, "^XC\\d{4} ")).ToArray();
        Assert.Equal(
            s_descriptors.Select(d => $"{d.Id} | {d.Category} | {d.DefaultSeverity} |").OrderBy(row => row),
            rows.Select(row => row.Substring(0, row.LastIndexOf('|') + 1)).OrderBy(row => row));
    }
}
