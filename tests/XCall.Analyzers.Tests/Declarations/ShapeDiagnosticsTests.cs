using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using XCall.Analyzers.Declarations;
using XCall.Shared;
using Xunit;

namespace XCall.Analyzers.Tests.Declarations;

/// <summary>The shared shape rules may grow (the generator owns them); every problem they know must have its diagnostic.</summary>
public sealed class ShapeDiagnosticsTests
{
    [Fact]
    public void Every_shape_problem_of_the_shared_rules_has_its_own_diagnostic()
    {
        var tree = CSharpSyntaxTree.ParseText("""
            using XCall;
            partial class Tlb { [CrossCall(CallMode.Sync)] static void Flush(int a, int b) { } }
            """);
        var compilation = CSharpCompilation.Create("Shapes", new[] { tree },
            Basic.Reference.Assemblies.Net80.References.All.Append(MetadataReference.CreateFromFile(typeof(XCallRuntime).Assembly.Location)));
        IMethodSymbol method = compilation.GetTypeByMetadataName("Tlb")!.GetMembers("Flush").OfType<IMethodSymbol>().Single();
        HandlerDeclaration declaration = HandlerDeclaration.Of(method.GetAttributes().Single())!.Value;

        var ids = Enum.GetValues<ShapeProblem>()
            .Select(problem => ShapeDiagnostics.Create(new ShapeIssue(problem, parameter: 1, detail: "Tlb", depth: 0), method, declaration, "CrossCall"))
            .Select(diagnostic => Assert.IsType<Diagnostic>(diagnostic, exactMatch: false).Id)
            .ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
