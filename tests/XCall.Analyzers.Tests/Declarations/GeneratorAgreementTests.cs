using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using XCall.Analyzers.Tests.Infrastructure;
using Xunit;

namespace XCall.Analyzers.Tests.Declarations;

/// <summary>
/// The generator skips exactly the handlers the analyzers report: for each shape, either generated code that compiles and no
/// declaration error, or a declaration error and nothing generated. Neither throws.
/// </summary>
public sealed class GeneratorAgreementTests
{
    public static TheoryData<string> Shapes => new()
    {
        "[CrossCall(CallMode.Sync)] static long? F() => 1;",
        "[CrossCall(CallMode.Sync)] static dynamic F() => null!;",
        "[CrossCall(CallMode.Sync)] static void F(dynamic d) { }",
        "[CrossCall(CallMode.Sync)] static (int, string) F((int, long) t) => default;",
        "[CrossCall(CallMode.Sync)] static void F((int, string) t) { }",
        "[CrossCall(CallMode.Sync)] static void F(System.Threading.CancellationToken token) { }",
        "[CrossCall(CallMode.Sync)] static void F(Secret s) { } private struct Secret { }",
        "[CrossCall(CallMode.Sync)] protected static Secret F() => default; protected struct Secret { }",
        "[CrossCall(CallMode.Sync)] static void F(FileLocal f) { }",
        "[CrossCall(CallMode.Sync)] static void F(__arglist) { }",
        "[CrossCall(CallMode.Sync)] static async Task F() => await Task.Yield();",
        "[CrossCall(CallMode.Sync)] static Task<int> F() => Task.FromResult(1);",
        "[CrossCall((CallMode)2)] static void F() { }",
        "[CrossCall(CallMode.Sync, Priority = (CallPriority)9)] static void F() { }",
        "[CrossCall(CallMode.Sync)] static void* F() => null;",
        "[CrossCall(CallMode.Sync)] static void F(delegate*<void> f) { }",
        "[CrossCall(CallMode.Sync)] static void F(Nullable<Guid> g, in long? l) { }",
        "[CrossCall(CallMode.Async)] static void F(params int[] a) { }",
        "[IpiHandler(1)] static void F(IpiContext c, long m) { }",
        "[IpiHandler(1)] static void F(IpiContext c, int? m) { }",
        "[IpiHandler(1)] static void F(in IpiContext c, in Secret m) { } private struct Secret { }",
        "[IpiHandler(1)] static async void F(IpiContext c, long m) => await Task.Yield();",
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Either_the_handler_is_generated_and_compiles_or_a_declaration_error_says_why(string member)
    {
        var run = await Pipeline.RunAsync(
            "using System; using System.Threading.Tasks; using XCall;\nfile struct FileLocal { }\npublic static unsafe partial class Shapes\n{\n" + member + "\n}");

        Diagnostic[] declarationErrors = run.Reported.Where(d => d.Id.StartsWith("XC0") && d.Severity == DiagnosticSeverity.Error).ToArray();
        Diagnostic[] errors = run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (run.Generated.IsEmpty)
            Assert.NotEmpty(declarationErrors);
        else
            Assert.True(declarationErrors.Length == 0 && errors.Length == 0, string.Join("\n", declarationErrors.Concat(errors)));
    }
}
