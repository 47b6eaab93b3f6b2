using System.Linq;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using XCall.Generator.Tests.Infrastructure;
using Xunit;

namespace XCall.Generator.Tests;

public sealed class GeneratedCodeCompilesTests
{
    /// <summary>
    /// Every kind of type a generated part must reopen correctly; and parameter types the senders' <c>inheritdoc</c>
    /// crefs must name (tuples, nullable values and references, arrays, generics, <c>in</c>, overloads).
    /// </summary>
    private const string ContainingTypeKinds = """
        using XCall;

        namespace Kinds;

        internal readonly partial struct ReadOnlyStruct { [CrossCall(CallMode.Sync)] private static int A(int x) => x; }
        internal ref partial struct RefStruct { [CrossCall(CallMode.Sync)] private static int B(int x) => x; }
        internal partial record struct RecordStruct { [CrossCall(CallMode.Async)] private static void C(int x) { } }
        internal sealed partial class Sealed { [CrossCall(CallMode.Sync)] internal static int D(int x) => x; }
        internal abstract partial class Abstract { [CrossCall(CallMode.Sync)] protected static int E(int x) => x; }
        internal unsafe partial class Unsafe { [CrossCall(CallMode.Sync)] private static int F(int x) => x; }
        internal partial struct Holder { internal static partial class Nested { [CrossCall(CallMode.Sync)] private static int G(int x) => x; } }
        internal partial class Generic<T> where T : class { internal partial class Inner<U> where U : unmanaged { [CrossCall(CallMode.Sync)] private static U H(T t, U u) => u; } }
        internal static partial class @class { [CrossCall(CallMode.Sync)] private static int @event(int @object) => @object; }
        internal static partial class CrefTypes
        {
            [CrossCall(CallMode.Sync)] private static long I((int, long) pair, int? maybe, string?[] names, System.Collections.Generic.List<(string, int?)> list, in System.Guid id) => 0;
            [CrossCall(CallMode.Sync)] private static long I(int x) => x;
        }
        """;

    public static TheoryData<string> Inputs => new([.. RepresentativeInputs.ByName.Keys.Order(), nameof(ContainingTypeKinds)]);

    [Theory]
    [MemberData(nameof(Inputs))]
    public void The_generated_source_compiles_without_a_single_warning(string input)
    {
        string source = input == nameof(ContainingTypeKinds) ? ContainingTypeKinds : RepresentativeInputs.ByName[input];

        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Run(source);

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.NotEmpty(result.GeneratedSources);
        Assert.Empty(output.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning).Select(diagnostic => diagnostic.ToString()));
    }

    /// <summary>
    /// What the IDE shows of each sender: its own summary, its returns (unless void), and a doc for every parameter,
    /// its own or from the anchor its <c>&lt;inheritdoc cref="…" path="/param"/&gt;</c> names (resolved as the IDE does).
    /// </summary>
    [Theory]
    [MemberData(nameof(Inputs))]
    public void Every_sender_has_a_summary_and_docs_for_each_parameter_its_own_or_inherited(string input)
    {
        string source = input == nameof(ContainingTypeKinds) ? ContainingTypeKinds : RepresentativeInputs.ByName[input];
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Run(source);
        int senders = 0;
        foreach (SyntaxTree tree in result.GeneratedSources.Select(generated => generated.SyntaxTree))
        {
            SemanticModel model = output.GetSemanticModel(output.SyntaxTrees.Single(candidate => candidate.FilePath == tree.FilePath));
            foreach (MethodDeclarationSyntax declaration in model.SyntaxTree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                var method = (IMethodSymbol)model.GetDeclaredSymbol(declaration)!;
                if (method.ContainingType.DeclaringSyntaxReferences.Length < 2) continue; // a handler struct, the IPI table: not a user type the generator reopened
                string? xml = method.GetDocumentationCommentXml();
                Assert.False(string.IsNullOrEmpty(xml), $"{method} has no docs");
                XElement doc = XElement.Parse(xml!);
                Assert.NotNull(doc.Element("summary"));
                if (!method.ReturnsVoid) Assert.NotNull(doc.Element("returns"));
                var documented = doc.Elements("param").Select(param => (string)param.Attribute("name")!).ToList();
                foreach (XElement inherit in doc.Elements("inheritdoc"))
                {
                    ISymbol anchor = DocumentationCommentId.GetFirstSymbolForDeclarationId((string)inherit.Attribute("cref")!, output)!;
                    Assert.NotNull(anchor);
                    Assert.Equal("/param", (string?)inherit.Attribute("path"));
                    documented.AddRange(XElement.Parse(anchor.GetDocumentationCommentXml()!).Elements("param").Select(param => (string)param.Attribute("name")!));
                }
                foreach (IParameterSymbol parameter in method.Parameters) Assert.Contains(parameter.Name, documented);
                senders++;
            }
        }
        Assert.NotEqual(0, senders);
    }
}
