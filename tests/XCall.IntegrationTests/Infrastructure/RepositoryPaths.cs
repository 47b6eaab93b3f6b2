using System.IO;
using System.Linq;
using System.Reflection;

namespace XCall.IntegrationTests.Infrastructure;

/// <summary>
/// What this assembly recorded when it was built (see the project file): the repository, the built samples, the package
/// version and repository URL of Directory.Build.props, and this machine's NuGet package folder.
/// </summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = ExistingPath("RepositoryRoot");

    /// <summary>The version both packages get (VersionPrefix in Directory.Build.props).</summary>
    public static string PackageVersion { get; } = Metadata("PackageVersion");

    /// <summary>The repository URL every link of the packages derives from (RepositoryUrl in Directory.Build.props).</summary>
    public static string RepositoryUrl { get; } = Metadata("RepositoryUrl");

    /// <summary>The folder restore put this repository's packages in; a fresh project may restore the same packages from it.</summary>
    public static string NuGetPackageRoot { get; } = ExistingPath("NuGetPackageRoot");

    /// <summary>The built assembly of the sample project <paramref name="name"/>, to run with <c>dotnet &lt;path&gt;</c>.</summary>
    public static string Sample(string name) => ExistingPath($"Sample:{name}");

    private static string ExistingPath(string key)
    {
        string value = Metadata(key);
        if (!Path.Exists(value))
            throw new FileNotFoundException($"The path recorded as '{key}' at build time ('{value}') does not exist: rebuild the test project.");
        return value;
    }

    private static string Metadata(string key) =>
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(attribute => attribute.Key == key)?.Value
        ?? throw new FileNotFoundException($"Nothing was recorded as '{key}' at build time: rebuild the test project.");
}
