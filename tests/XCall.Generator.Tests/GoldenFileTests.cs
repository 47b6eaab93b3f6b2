using XCall.Generator.Tests.Infrastructure;
using Xunit;

namespace XCall.Generator.Tests;

public sealed class GoldenFileTests
{
    /// <summary>
    /// The golden files say this where the generated code names the package version, so a release changes no golden
    /// file; <see cref="GeneratedCodeVersionTests"/> checks the version itself.
    /// </summary>
    private const string VersionPlaceholder = "{package version}";

    [Theory]
    [MemberData(nameof(RepresentativeInputs.Names), MemberType = typeof(RepresentativeInputs))]
    public void The_generated_source_matches_its_verified_golden_file(string input)
    {
        (Microsoft.CodeAnalysis.GeneratorRunResult result, _) = GeneratorHarness.Run(RepresentativeInputs.ByName[input]);

        string generated = GeneratorHarness.Describe(result)
            .Replace($"\"XCall.Generator\", \"{XCallGenerator.Emitter.PackageVersion}\"", $"\"XCall.Generator\", \"{VersionPlaceholder}\"");
        Approval.Verify(input, generated);
    }
}
