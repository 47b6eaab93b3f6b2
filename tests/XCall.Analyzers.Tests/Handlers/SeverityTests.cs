using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using XCall.Analyzers.Tests.Infrastructure;
using Xunit;

namespace XCall.Analyzers.Tests.Handlers;

/// <summary>Severities are set the standard way: <c>dotnet_diagnostic.XCnnnn.severity</c> in .editorconfig.</summary>
public sealed class SeverityTests
{
    private const string Source = """
        using System;
        using System.Threading;
        using XCall;
        static partial class Tlb
        {
            static void Helper() => Thread.Sleep(1);

            [CrossCall(CallMode.Sync)]
            static void Flush() { GC.KeepAlive(MARK1); MARK2; }
        }
        """;

    private static string Marked(string allocation, string call) => Source.Replace("MARK1", allocation).Replace("MARK2", call);

    private static string EditorConfig(string settings) => "root = true\n\n[*.cs]\n" + settings + "\n";

    [Fact]
    public async Task A_rule_raised_to_error_in_editorconfig_is_reported_as_an_error()
    {
        var diagnostics = await Verify.Diagnostics(Marked("{|XC1006:new object()|}", "{|XC2100:Helper()|}"),
            EditorConfig("dotnet_diagnostic.XC1006.severity = error"));
        Assert.Equal(DiagnosticSeverity.Error, diagnostics[0].Severity);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostics[1].Severity);
    }

    [Fact]
    public async Task Rules_turned_off_in_editorconfig_are_not_reported()
    {
        await Verify.Diagnostics(Marked("new object()", "Helper()"),
            EditorConfig("dotnet_diagnostic.XC1006.severity = none\ndotnet_diagnostic.XC2100.severity = none"));
    }

    [Fact]
    public async Task Defaults_are_errors_for_declarations_and_warnings_for_handler_bodies()
    {
        var diagnostics = await Verify.Diagnostics("""
            using XCall;
            partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                void {|XC0001:Flush|}() => System.GC.KeepAlive({|XC1006:new object()|});
            }
            """);
        Assert.Equal(DiagnosticSeverity.Error, diagnostics[0].Severity);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostics[1].Severity);
    }

    [Fact]
    public async Task A_rule_turned_off_in_editorconfig_stops_its_transitive_reports_too()
    {
        await Verify.Diagnostics("""
            using System;
            using System.Threading;
            using XCall;
            static partial class Tlb
            {
                static void Helper() { GC.KeepAlive(new object()); Thread.Sleep(1); }

                [CrossCall(CallMode.Sync)]
                static void Flush() => {|XC2100:Helper()|};
            }
            """, EditorConfig("dotnet_diagnostic.XC1006.severity = none"));
    }
}
