using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
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

    /// <summary>The address Directory.Build.props gives as RepositoryUrl, which the help links are built from.</summary>
    private static readonly string s_repositoryUrl = XDocument.Load(Path.Combine(Repository.Root, "Directory.Build.props"))
        .Descendants("RepositoryUrl").Single().Value;

    private static readonly string s_docs = Path.Combine(Repository.Root, "docs", "diagnostics");

    public static IEnumerable<object[]> Ids => s_descriptors.Select(descriptor => new object[] { descriptor.Id });

    [Fact]
    public void The_two_analyzers_together_support_every_rule_of_the_catalog_once()
    {
        Assert.Equal(XCallDiagnostics.All.Select(d => d.Id), s_descriptors.Select(d => d.Id).OrderBy(id => id, System.StringComparer.Ordinal));
    }

    [Fact]
    public void Declaration_rules_are_errors_by_default_and_handler_body_rules_warnings_except_a_missing_vetting_reason()
    {
        Assert.All(s_descriptors, d => Assert.Equal(
            d.Category == XCallDiagnostics.DeclarationsCategory && d.Id != "XC0019" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
            d.DefaultSeverity));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_help_link_is_absolute_and_names_its_page_in_the_repositorys_web_view(string id)
    {
        DiagnosticDescriptor descriptor = s_descriptors.Single(d => d.Id == id);
        Assert.True(System.Uri.TryCreate(descriptor.HelpLinkUri, System.UriKind.Absolute, out System.Uri? link), descriptor.HelpLinkUri);
        Assert.Equal("https", link!.Scheme);
        Assert.Equal($"{s_repositoryUrl}/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
        Assert.True(File.Exists(Path.Combine(s_docs, id + ".md")), $"{id}.md is missing from docs/diagnostics");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_message_says_how_to_fix_the_problem_after_a_colon(string id)
    {
        // The command line shows the message only: the fix must be in it, after the problem ("…: make it internal").
        string message = s_descriptors.Single(d => d.Id == id).MessageFormat.ToString();
        string fix = message.Substring(message.LastIndexOf(": ", System.StringComparison.Ordinal) + 2);
        Assert.Matches("^(add|put|move|remove|make|return|pass|group|declare|replace|give|use|say|keep|format|call|target|loop|write|continue|post|have|hand|create|mark|send) ", fix);
    }

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
