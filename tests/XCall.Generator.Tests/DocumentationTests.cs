using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using XCall.Generator.Tests.Infrastructure;
using Xunit;

namespace XCall.Generator.Tests;

/// <summary>The opening examples of docs/generated-api.md compile against the generated API as written.</summary>
public sealed class DocumentationTests
{
    [Fact]
    public void The_first_cross_call_and_ipi_examples_of_the_generated_api_page_compile()
    {
        string page = File.ReadAllText(Path.Combine(ProjectPaths.ProjectDirectory, "..", "..", "docs", "generated-api.md"));
        string[] blocks = [.. Regex.Matches(page, "```csharp\n(.*?)```", RegexOptions.Singleline).Select(match => match.Groups[1].Value)];
        string declarations = blocks[0];
        string usage = $"using System; using XCall; using Shop; static class Usage {{ static void Run() {{ {blocks[1]} }} }}";
        string messages = $"using XCall; namespace Shop; {blocks[4]}";
        string registration = $"using XCall; using Shop; static class Registration {{ static void Run(XCallRuntime runtime) {{ {blocks[5]} }} }}";

        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Run(declarations, usage, messages, registration);

        Assert.Null(result.Exception);
        Assert.Empty(output.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).Select(diagnostic => diagnostic.ToString()));
    }
}
