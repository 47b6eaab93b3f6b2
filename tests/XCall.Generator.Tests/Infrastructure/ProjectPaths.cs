using System.IO;
using System.Linq;
using System.Reflection;

namespace XCall.Generator.Tests.Infrastructure;

/// <summary>Where the test project's sources live (golden files are read from and written next to them).</summary>
internal static class ProjectPaths
{
    public static string ProjectDirectory { get; } = typeof(ProjectPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "ProjectDirectory").Value!;

    public static string Golden => Path.Combine(ProjectDirectory, "Golden");
}
