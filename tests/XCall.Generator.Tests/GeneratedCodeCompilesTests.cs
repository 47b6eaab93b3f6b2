using System.Linq;
using Microsoft.CodeAnalysis;
using XCall.Generator.Tests.Infrastructure;
using Xunit;

namespace XCall.Generator.Tests;

public sealed class GeneratedCodeCompilesTests
{
    [Theory]
    [MemberData(nameof(RepresentativeInputs.Names), MemberType = typeof(RepresentativeInputs))]
    public void The_generated_source_compiles_without_a_single_warning(string input)
    {
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Run(RepresentativeInputs.ByName[input]);

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.NotEmpty(result.GeneratedSources);
        Assert.Empty(output.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning).Select(diagnostic => diagnostic.ToString()));
    }
}
