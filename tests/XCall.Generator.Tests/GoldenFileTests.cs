using XCall.Generator.Tests.Infrastructure;
using Xunit;

namespace XCall.Generator.Tests;

public sealed class GoldenFileTests
{
    [Theory]
    [MemberData(nameof(RepresentativeInputs.Names), MemberType = typeof(RepresentativeInputs))]
    public void The_generated_source_matches_its_verified_golden_file(string input)
    {
        (Microsoft.CodeAnalysis.GeneratorRunResult result, _) = GeneratorHarness.Run(RepresentativeInputs.ByName[input]);

        Approval.Verify(input, GeneratorHarness.Describe(result));
    }
}
