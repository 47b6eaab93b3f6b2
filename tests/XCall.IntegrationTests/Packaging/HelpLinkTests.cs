using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using XCall.IntegrationTests.Infrastructure;
using Xunit;

namespace XCall.IntegrationTests.Packaging;

/// <summary>
/// The help links of the analyzers as the package ships them (an IDE or the command line opens them as they are): read
/// from the packed analyzer assembly, through its analyzers' supported diagnostics.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class HelpLinkTests(PackedFeed feed)
{
    [Fact]
    public void Every_help_link_names_the_page_of_its_diagnostic_in_docs_diagnostics()
    {
        DiagnosticDescriptor[] descriptors = PackedDescriptors();

        Assert.NotEmpty(descriptors);
        Assert.All(descriptors, descriptor =>
        {
            Assert.EndsWith($"docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "docs", "diagnostics", descriptor.Id + ".md")), $"{descriptor.Id} has no page.");
        });
    }

    [Fact]
    public void Every_help_link_is_an_absolute_url_under_the_repository_url()
    {
        DiagnosticDescriptor[] descriptors = PackedDescriptors();

        Assert.NotEmpty(descriptors);
        Assert.All(descriptors, descriptor =>
        {
            Assert.True(Uri.TryCreate(descriptor.HelpLinkUri, UriKind.Absolute, out Uri? link) && link.Scheme == Uri.UriSchemeHttps, $"{descriptor.Id}: '{descriptor.HelpLinkUri}' is not an absolute https URL.");
            Assert.StartsWith(RepositoryPaths.RepositoryUrl + "/", descriptor.HelpLinkUri);
        });
    }

    /// <summary>Every descriptor the packed analyzers support, once per id, loaded in a context of their own.</summary>
    private DiagnosticDescriptor[] PackedDescriptors()
    {
        using var temporary = new TemporaryDirectory("xcall-analyzers");
        string analyzers = temporary.Combine("XCall.Analyzers.dll");
        using (ZipArchive package = ZipFile.OpenRead(feed.Package("XCall")))
            package.GetEntry("analyzers/dotnet/cs/XCall.Analyzers.dll")!.ExtractToFile(analyzers);

        // Roslyn itself resolves from this test's own references (the default context), as in a compiler.
        var context = new AssemblyLoadContext("packed analyzers", isCollectible: true);
        try
        {
            Assembly assembly = context.LoadFromStream(new MemoryStream(File.ReadAllBytes(analyzers)));
            IEnumerable<DiagnosticDescriptor> descriptors = assembly.GetTypes()
                .Where(type => typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && !type.IsAbstract && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
                .SelectMany(type => ((DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics);
            return [.. descriptors.DistinctBy(descriptor => descriptor.Id)];
        }
        finally
        {
            context.Unload();
        }
    }
}
