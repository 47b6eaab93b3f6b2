using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using XCall.Generator.Tests.Infrastructure;
using Xunit;

namespace XCall.Generator.Tests;

/// <summary>The examples of docs/generated-api.md that use the sample declarations compile against the generated API as written.</summary>
public sealed class DocumentationTests
{
    [Fact]
    public void The_cross_call_request_and_ipi_examples_of_the_generated_api_page_compile()
    {
        string page = File.ReadAllText(Path.Combine(ProjectPaths.ProjectDirectory, "..", "..", "docs", "generated-api.md"));
        string[] blocks = [.. Regex.Matches(page, "```csharp\n(.*?)```", RegexOptions.Singleline).Select(match => match.Groups[1].Value)];
        string Block(string containing) => blocks.Single(block => block.Contains(containing));
        const string Usings = "using System; using System.Threading; using System.Threading.Tasks; using XCall; using Shop;";

        string declarations = Block("internal static partial class Stock");
        string firstUse = $"{Usings} static class FirstUse {{ static async Task Run(CancellationToken cancellationToken) {{ {Block("long left = await Stock.ReserveOnAsync")} }} }}";
        string everySender = $"{Usings} static class EverySender {{ static async Task Run(XCallRuntime runtime, long sku, XCallRequest request, CancellationToken cancellationToken) {{ "
            + $"CoreMask mask = CoreMask.Of(1, 3); long[] perCore = new long[runtime.CoreCount]; {Block("// Awaited (both modes)")} }} }}";
        string requests = $"{Usings} static class Requests {{ static void Run(XCallRuntime runtime, long sku) {{ {Block("var request = new XCallRequest();")} }} }}";
        string messages = $"using XCall; namespace Shop; {Block("[IpiHandler(7)]")}";
        string registration = $"{Usings} static class Registration {{ static void Run(XCallRuntime runtime) {{ {Block("IpiHandlers.Register(runtime)")} }} }}";

        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Run(declarations, firstUse, everySender, requests, messages, registration);

        Assert.Null(result.Exception);
        Assert.Empty(output.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).Select(diagnostic => diagnostic.ToString()));
    }
}
