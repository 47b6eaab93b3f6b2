using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using XCall.Generator.Tests.Infrastructure;
using Xunit;

namespace XCall.Generator.Tests;

public sealed class GeneratedCodeVersionTests
{
    /// <summary>The version set once in Directory.Build.props, as this test project was built with it.</summary>
    private static readonly string s_packageVersion = typeof(GeneratedCodeVersionTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "PackageVersion").Value!;

    [Fact]
    public void Every_generated_type_and_member_is_attributed_to_the_package_version()
    {
        string[] versions = [.. RepresentativeInputs.ByName.Values
            .SelectMany(input => GeneratorHarness.Run(input).Result.GeneratedSources)
            .SelectMany(source => Regex.Matches(source.SourceText.ToString(), "GeneratedCode\\(\"XCall\\.Generator\", \"([^\"]*)\"\\)"))
            .Select(match => match.Groups[1].Value)];

        Assert.NotEmpty(versions);
        Assert.All(versions, version => Assert.Equal(s_packageVersion, version));
    }
}
