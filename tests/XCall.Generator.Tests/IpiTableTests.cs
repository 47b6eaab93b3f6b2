using System.Linq;
using Microsoft.CodeAnalysis;
using XCall.Generator.Tests.Infrastructure;
using Xunit;

namespace XCall.Generator.Tests;

/// <summary>How the assembly's dispatch table names its senders when message types meet.</summary>
public sealed class IpiTableTests
{
    [Fact]
    public void A_message_type_handled_under_two_type_ids_gets_no_typed_senders_but_both_handlers_register()
    {
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Run("""
            using XCall;
            internal readonly record struct Page(long Number);
            internal readonly record struct Other(int Value);
            internal static partial class Pages
            {
                [IpiHandler(1)] private static void Offered(in IpiContext context, in Page page) { }
                [IpiHandler(2)] private static void Returned(in IpiContext context, in Page page) { }
                [IpiHandler(3)] private static void Unrelated(in IpiContext context, in Other other) { }
            }
            """);
        string table = result.GeneratedSources.Single(source => source.HintName == "XCall.IpiHandlers.g.cs").SourceText.ToString();

        Assert.Contains("RegisterOffered(runtime)", table);
        Assert.Contains("RegisterReturned(runtime)", table);
        Assert.DoesNotContain("in global::Page message", table);
        Assert.Contains("in global::Other message", table);
        Assert.Empty(output.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void Message_types_sharing_a_simple_name_get_overloaded_senders()
    {
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Run("""
            using XCall;
            namespace A { internal readonly record struct Ping(int Value); }
            namespace B { internal readonly record struct Ping(long Value); }
            internal static partial class Handlers
            {
                [IpiHandler(1)] private static void OnA(in IpiContext context, in A.Ping ping) { }
                [IpiHandler(2)] private static void OnB(in IpiContext context, in B.Ping ping) { }
            }
            internal static class Caller
            {
                internal static void Send(XCallRuntime runtime) => (IpiHandlers.Send(runtime, 0, new A.Ping(1)), IpiHandlers.SendToAll(runtime, new B.Ping(2))).ToString();
            }
            """);

        Assert.Single(result.GeneratedSources, source => source.HintName == "XCall.IpiHandlers.g.cs");
        Assert.Empty(output.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning));
    }
}
