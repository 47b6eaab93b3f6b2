using System.IO;
using XCall.IntegrationTests.Infrastructure;

namespace XCall.IntegrationTests.Packaging;

/// <summary>
/// A console project as <c>dotnet new console</c> makes it, outside the repository, that references one packed package,
/// plus the files that keep anything around it from leaking in: build props of its own, and a NuGet config whose sources
/// are the packed folder (the only source of XCall packages, into a package cache of its own, so that an older XCall of
/// the same version cached on this machine cannot stand in for the one just packed) and, for everything else the
/// packages depend on, the package folder this repository's own restore filled.
/// </summary>
internal static class FreshProject
{
    /// <summary>Writes the project into <paramref name="directory"/>; <paramref name="items"/> goes into its project file.</summary>
    public static void Write(string directory, PackedFeed feed, string package, string items = "")
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(directory, "nuget-cache")}" />
              </config>
              <packageSources>
                <clear />
                <add key="xcall-under-test" value="{feed.Folder}" />
                <add key="this-machine" value="{RepositoryPaths.NuGetPackageRoot}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="xcall-under-test">
                  <package pattern="XCall" />
                  <package pattern="XCall.*" />
                </packageSource>
                <packageSource key="this-machine">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{package}" Version="{RepositoryPaths.PackageVersion}" />
              </ItemGroup>
              <ItemGroup>
                {items}
              </ItemGroup>
            </Project>
            """);
    }
}
