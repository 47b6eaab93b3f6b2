using System;
using System.IO;
using System.Linq;
using XCall.IntegrationTests.Infrastructure;
using Xunit;

namespace XCall.IntegrationTests.Packaging;

/// <summary>
/// Both packages, packed once from the repository into a folder that serves as a local feed, for every package test.
/// The folder is outside the repository, as a user's feed would be.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    /// <summary>Packing builds the runtime, generator, analyzers, code fixes and hosting in Release: minutes on a cold machine at most.</summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    private readonly TemporaryDirectory _directory = new("xcall-packages");

    public PackedFeed()
    {
        Folder = _directory.Combine("feed");
        foreach (string project in new[] { "src/Runtime", "src/Hosting" })
        {
            ProcessResult pack = DotNet.Run(RepositoryPaths.Root, BuildTimeout, "pack", project, "-c", "Release", "-o", Folder);
            Assert.True(pack.ExitCode == 0, pack.ToString());
        }
    }

    /// <summary>The folder holding the packages and their symbol packages.</summary>
    public string Folder { get; }

    /// <summary>The package <paramref name="id"/> (its .nupkg), at the version Directory.Build.props sets.</summary>
    public string Package(string id) => Path.Combine(Folder, $"{id}.{RepositoryPaths.PackageVersion}.nupkg");

    /// <summary>The symbol package of <paramref name="id"/> (its .snupkg).</summary>
    public string Symbols(string id) => Path.ChangeExtension(Package(id), ".snupkg");

    public void Dispose() => _directory.Dispose();
}
