using System.IO;
using System.Linq;
using System.Reflection;

namespace XCall.IntegrationTests.Infrastructure;

/// <summary>Paths recorded in this assembly when it was built (see the project file): the repository and the built samples.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    /// <summary>The built assembly of the sample project <paramref name="name"/>, to run with <c>dotnet &lt;path&gt;</c>.</summary>
    public static string Sample(string name) => Metadata($"Sample:{name}");

    private static string Metadata(string key)
    {
        string? value = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(attribute => attribute.Key == key)?.Value;
        if (value is null || !Path.Exists(value))
            throw new FileNotFoundException($"The path recorded as '{key}' at build time ('{value}') does not exist: rebuild the test project.");
        return value;
    }
}
