using System.Linq;
using System.Reflection;

namespace XCall.Analyzers.Tests.Infrastructure;

/// <summary>Where the repository is, and the configuration its projects were built in (the tests' own).</summary>
internal static class Repository
{
    private static readonly Assembly s_tests = typeof(Repository).Assembly;

    /// <summary>The repository root, with a trailing slash.</summary>
    public static string Root { get; } =
        s_tests.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "RepositoryRoot").Value!;

    public static string Configuration { get; } = s_tests.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
}
