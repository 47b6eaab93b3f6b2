using System.Threading.Tasks;
using XCall.Analyzers.Tests.Infrastructure;
using Xunit;

namespace XCall.Analyzers.Tests.Handlers;

/// <summary>
/// A report through calls (XC1100, XC2100) follows how the user configured the rule of the finding at its end, at the last
/// place in the user's own code: the finding itself, or the call into code XCall generated.
/// </summary>
public sealed class SeverityTests
{
    private const string Helper = """
        using System;
        using System.Threading;
        using XCall;
        static partial class Tlb
        {
            static void Helper() { GC.KeepAlive(new object()); Thread.Sleep(1); }

            [CrossCall(CallMode.Sync)]
            static void Flush() => MARK;
        }
        """;

    private const string Senders = """
        using XCall;
        static partial class Tlb
        {
            [CrossCall(CallMode.Sync)]
            static void Flush(ulong address) { }
        }

        static partial class Pages
        {
            [CrossCall(CallMode.Sync)]
            static void Shootdown(XCallRuntime runtime, ulong address)
            {
                MARK;
            }
        }
        """;

    private static string EditorConfig(string section, string settings) => $"root = true\n\n[{section}]\n{settings}\n";

    [Fact]
    public async Task A_rule_turned_off_in_editorconfig_stops_its_transitive_reports_but_not_the_other_familys()
    {
        await Verify.Diagnostics(test =>
        {
            test.TestCode = Helper.Replace("MARK", "{|XC2100:Helper()|}");
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig("*.cs", "dotnet_diagnostic.XC1006.severity = none")));
        });
    }

    [Fact]
    public async Task A_rule_turned_off_only_for_another_folder_does_not_stop_a_chain_to_a_finding_outside_it()
    {
        await Verify.Diagnostics(test =>
        {
            test.TestState.Sources.Add(("/0/Handlers/Tlb.cs", Helper.Replace("MARK", "{|XC1100:{|XC2100:Helper()|}|}")));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig("**/Generated/*.cs", "dotnet_diagnostic.XC1006.severity = none")));
        });
    }

    [Fact]
    public async Task A_pragma_around_the_finding_stops_the_chain_to_it()
    {
        await Verify.Diagnostics(Helper
            .Replace("MARK", "{|XC2100:Helper()|}")
            .Replace("GC.KeepAlive(new object());", "\n#pragma warning disable XC1006\n        GC.KeepAlive(new object());\n#pragma warning restore XC1006\n"));
    }

    [Fact]
    public async Task A_pragma_restored_before_the_finding_does_not_stop_the_chain()
    {
        await Verify.Diagnostics(Helper
            .Replace("MARK", "{|XC1100:{|XC2100:Helper()|}|}")
            .Replace("GC.KeepAlive(new object());", "\n#pragma warning disable XC1006\n#pragma warning restore XC1006\n        GC.KeepAlive(new object());"));
    }

    [Fact]
    public async Task Turning_XC2007_off_for_the_users_files_stops_chains_through_a_generated_sync_sender()
    {
        // The section covers the user's file, not the generated ones (as [*.cs] in a real build: generated files live elsewhere).
        await Verify.Diagnostics(test =>
        {
            test.RunGenerator = true;
            test.TestCode = Senders.Replace("MARK", "Tlb.FlushOnOthers(runtime, address)");
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig("Test*.cs", "dotnet_diagnostic.XC2007.severity = none")));
        });
    }

    [Fact]
    public async Task Turning_XC2007_off_for_another_folder_leaves_chains_through_a_generated_sync_sender()
    {
        await Verify.Diagnostics(test =>
        {
            test.RunGenerator = true;
            test.TestCode = Senders.Replace("MARK", "{|XC2100:Tlb.FlushOnOthers(runtime, address)|}");
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig("**/Tools/*.cs", "dotnet_diagnostic.XC2007.severity = none")));
        });
    }

    [Fact]
    public async Task A_pragma_disabling_XC2007_around_the_call_to_a_generated_sync_sender_stops_the_chain()
    {
        await Verify.Diagnostics(test =>
        {
            test.RunGenerator = true;
            test.TestCode = Senders.Replace("MARK", "\n#pragma warning disable XC2007\n        Tlb.FlushOnOthers(runtime, address);\n#pragma warning restore XC2007\n        {|XC2100:Tlb.FlushOnAll(runtime, address)|}");
        });
    }
}
