using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using XCall.IntegrationTests.Infrastructure;
using Xunit;

namespace XCall.IntegrationTests;

/// <summary>
/// The XCall package as a user gets it: packed from the repository, installed from a local folder into a fresh console
/// project outside the repository, built by the real compiler (generator and analyzers loaded from the package), and run.
/// </summary>
public sealed class PackageTests
{
    /// <summary>Packing builds the runtime, generator, analyzers and code fixes in Release: minutes on a cold machine at most.</summary>
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(1);

    [Fact]
    public void A_fresh_project_installs_the_package_gets_the_allocation_warning_and_runs_a_generated_sync_call()
    {
        using var temporary = new TemporaryDirectory("xcall-package-test");
        Assert.False(temporary.Path.StartsWith(RepositoryPaths.Root, StringComparison.Ordinal), "The fresh project must live outside the repository.");
        string feed = temporary.Combine("packages");
        string app = temporary.Combine("app");

        ProcessResult pack = DotNet.Run(RepositoryPaths.Root, s_buildTimeout, "pack", "src/Runtime", "-c", "Release", "-o", feed);
        Assert.True(pack.ExitCode == 0, pack.ToString());
        string package = Directory.GetFiles(feed, "XCall.*.nupkg").Single(path => !path.EndsWith(".snupkg", StringComparison.Ordinal));
        AssertPackageLayout(package);

        WriteFreshProject(app, feed, Path.GetFileNameWithoutExtension(package)["XCall.".Length..]);
        ProcessResult build = DotNet.Run(app, s_buildTimeout, "build");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(build.StandardOutput.Contains("warning XC1006"), build.ToString());

        ProcessResult run = DotNet.Run(app, s_runTimeout, "run", "--no-build");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.StandardOutput.Contains("counted 3 items on core 1"), run.ToString());
    }

    private static void AssertPackageLayout(string package)
    {
        using ZipArchive archive = ZipFile.OpenRead(package);
        string[] entries = [.. archive.Entries.Select(entry => entry.FullName)];
        Assert.All(
            ["lib/net8.0/XCall.dll", "lib/net10.0/XCall.dll", "analyzers/dotnet/cs/XCall.Generator.dll", "analyzers/dotnet/cs/XCall.Analyzers.dll", "analyzers/dotnet/cs/XCall.CodeFixes.dll"],
            expected => Assert.Contains(expected, entries));
    }

    /// <summary>
    /// A console project as <c>dotnet new console</c> makes it, plus the files that keep anything around it from leaking
    /// in: a NuGet config with only the packed folder as source (and its own package cache, so an older XCall of the same
    /// version cached on this machine cannot stand in for the one just packed), and build props of its own.
    /// </summary>
    private static void WriteFreshProject(string app, string feed, string version)
    {
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(app, "nuget-cache")}" />
              </config>
              <packageSources>
                <clear />
                <add key="xcall-under-test" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="XCall" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
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
    }
}
