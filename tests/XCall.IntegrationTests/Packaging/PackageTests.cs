using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using XCall.IntegrationTests.Infrastructure;
using Xunit;

namespace XCall.IntegrationTests.Packaging;

/// <summary>
/// The packages as a user gets them: packed from the repository, their metadata and symbols read back, and each installed
/// from a local folder into a fresh console project outside the repository, built by the real compiler (generator and
/// analyzers loaded from the package), and run.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class PackageTests(PackedFeed feed)
{
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The kind of a portable PDB's custom debug information that holds the SourceLink JSON.</summary>
    private static readonly Guid s_sourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    [Fact]
    public void A_fresh_project_installs_XCall_gets_the_allocation_warning_and_runs_a_generated_sync_call()
    {
        using var temporary = new TemporaryDirectory("xcall-package-test");
        string app = temporary.Combine("app");
        AssertXCallLayout(feed.Package("XCall"));
        FreshProject.Write(app, feed, "XCall");
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using XCall;

            using XCallRuntime runtime = XCallRuntime.Start(new XCallOptions { Cores = 2 });
            (int count, int core) = Inventory.CountOn(runtime, 1, 3);
            Console.WriteLine($"counted {count} items on core {core}");
            return count == 3 && core == 1 ? 0 : 1;

            internal static partial class Inventory
            {
                [CrossCall(CallMode.Sync)]
                private static (int Count, int Core) Count(int items)
                {
                    var list = new List<int>(); // a heap allocation in a handler: the analyzers report XC1006
                    for (int i = 0; i < items; i++) list.Add(i);
                    return (list.Count, XCallRuntime.CurrentCoreId);
                }
            }
            """);

        ProcessResult build = DotNet.Run(app, PackedFeed.BuildTimeout, "build");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(build.StandardOutput.Contains("warning XC1006"), build.ToString());

        ProcessResult run = DotNet.Run(app, s_runTimeout, "run", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.StandardOutput.Contains("counted 3 items on core 1"), run.ToString());
    }

    [Fact]
    public void A_fresh_project_with_only_XCall_Hosting_builds_and_runs_the_hosted_sample()
    {
        using var temporary = new TemporaryDirectory("xcall-hosting-package-test");
        string app = temporary.Combine("app");
        FreshProject.Write(app, feed, "XCall.Hosting", """
            <None Update="appsettings.json" CopyToOutputDirectory="PreserveNewest" />
            """);
        // The sample as it is in the repository, with the code all samples share; its senders and IPI table come from
        // the generator, which only the XCall package that XCall.Hosting depends on brings.
        string samples = Path.Combine(RepositoryPaths.Root, "samples");
        foreach (string file in Directory.GetFiles(Path.Combine(samples, "HostedCounters"), "*.cs").Append(Path.Combine(samples, "HostedCounters", "appsettings.json")))
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        Directory.CreateDirectory(Path.Combine(app, "Shared"));
        foreach (string file in Directory.GetFiles(Path.Combine(samples, "Shared"), "*.cs"))
            File.Copy(file, Path.Combine(app, "Shared", Path.GetFileName(file)));

        ProcessResult build = DotNet.Run(app, PackedFeed.BuildTimeout, "build");
        Assert.True(build.ExitCode == 0, build.ToString());

        ProcessResult run = DotNet.Run(app, s_runTimeout, "run", "--no-build", "--", "--smoke");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.StandardOutput.Contains("XCall.XCallRuntime[1]"), run.ToString());
        Assert.True(run.StandardOutput.TrimEnd().EndsWith("All checks passed."), run.ToString());
    }

    [Theory]
    [InlineData("XCall")]
    [InlineData("XCall.Hosting")]
    public void A_package_names_its_version_license_repository_commit_project_icon_readme_and_release_notes(string id)
    {
        using ZipArchive package = ZipFile.OpenRead(feed.Package(id));
        XElement metadata = Nuspec(package);

        Assert.Equal(id, Text(metadata, "id"));
        Assert.Equal(RepositoryPaths.PackageVersion, Text(metadata, "version"));
        Assert.Equal("MIT", Text(metadata, "license"));
        Assert.Equal(RepositoryPaths.RepositoryUrl, Text(metadata, "projectUrl"));
        XElement repository = Child(metadata, "repository");
        Assert.Equal((RepositoryPaths.RepositoryUrl, "git"), ((string?)repository.Attribute("url"), (string?)repository.Attribute("type")));
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], Bytes(package, Text(metadata, "icon")).Take(4));
        Assert.Equal("README.md", Text(metadata, "readme"));
        Assert.NotNull(package.GetEntry("README.md"));
        string releaseNotes = Text(metadata, "releaseNotes");
        Assert.Contains(Normalize(releaseNotes), Normalize(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "CHANGELOG.md"))));
    }

    [Theory]
    [InlineData("XCall")]
    [InlineData("XCall.Hosting")]
    public void A_packaged_readme_links_only_to_files_of_the_repository_by_absolute_url(string id)
    {
        using ZipArchive package = ZipFile.OpenRead(feed.Package(id));
        string readme = Encoding.UTF8.GetString(Bytes(package, "README.md"));
        string[] links = [.. Regex.Matches(readme, @"\]\(([^)\s]+)\)").Select(match => match.Groups[1].Value)];

        Assert.NotEmpty(links);
        string prefix = RepositoryPaths.RepositoryUrl + "/blob/main/";
        Assert.All(links, link =>
        {
            Assert.StartsWith(prefix, link);
            string file = link[prefix.Length..].Split('#')[0];
            Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, file)), $"{link} names no file of the repository.");
        });
    }

    [Theory]
    [InlineData("XCall")]
    [InlineData("XCall.Hosting")]
    public void A_symbol_package_maps_every_source_to_the_repository_at_the_commit_its_package_names(string id)
    {
        string commit;
        using (ZipArchive package = ZipFile.OpenRead(feed.Package(id)))
            commit = (string)Child(Nuspec(package), "repository").Attribute("commit")!;
        using ZipArchive symbols = ZipFile.OpenRead(feed.Symbols(id));
        string[] pdbs = [.. symbols.Entries.Where(entry => entry.FullName.EndsWith($"/{id}.pdb", StringComparison.Ordinal)).Select(entry => entry.FullName)];

        Assert.Equal(2, pdbs.Length); // net8.0 and net10.0
        string repository = new Uri(RepositoryPaths.RepositoryUrl).AbsolutePath.Trim('/');
        Assert.All(pdbs, pdb =>
        {
            using JsonDocument sourceLink = JsonDocument.Parse(SourceLink(Bytes(symbols, pdb)));
            string[] targets = [.. sourceLink.RootElement.GetProperty("documents").EnumerateObject().Select(document => document.Value.GetString()!)];
            Assert.NotEmpty(targets);
            Assert.All(targets, target => Assert.Equal($"https://raw.githubusercontent.com/{repository}/{commit}/*", target));
        });
    }

    private static void AssertXCallLayout(string package)
    {
        using ZipArchive archive = ZipFile.OpenRead(package);
        string[] entries = [.. archive.Entries.Select(entry => entry.FullName)];
        Assert.All(
            ["lib/net8.0/XCall.dll", "lib/net10.0/XCall.dll", "analyzers/dotnet/cs/XCall.Generator.dll", "analyzers/dotnet/cs/XCall.Analyzers.dll", "analyzers/dotnet/cs/XCall.CodeFixes.dll"],
            expected => Assert.Contains(expected, entries));
    }

    private static XElement Nuspec(ZipArchive package)
    {
        ZipArchiveEntry entry = package.Entries.Single(entry => entry.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using Stream stream = entry.Open();
        return Child(XDocument.Load(stream).Root!, "metadata");
    }

    private static XElement Child(XElement parent, string name) =>
        parent.Elements().SingleOrDefault(element => element.Name.LocalName == name) ?? throw new Xunit.Sdk.XunitException($"The nuspec has no <{name}>.");

    private static string Text(XElement metadata, string name) => Child(metadata, name).Value;

    private static byte[] Bytes(ZipArchive archive, string path)
    {
        using Stream stream = (archive.GetEntry(path) ?? throw new Xunit.Sdk.XunitException($"The package has no {path}.")).Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The SourceLink JSON a portable PDB carries.</summary>
    private static string SourceLink(byte[] pdb)
    {
        using MetadataReaderProvider provider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(pdb));
        MetadataReader reader = provider.GetMetadataReader();
        foreach (CustomDebugInformationHandle handle in reader.CustomDebugInformation)
        {
            CustomDebugInformation information = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(information.Kind) == s_sourceLinkKind) return Encoding.UTF8.GetString(reader.GetBlobBytes(information.Value));
        }
        throw new Xunit.Sdk.XunitException("The PDB carries no SourceLink information.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Trim();
}
