using System.Threading.Tasks;
using XCall.Analyzers.Tests.Infrastructure;
using Xunit;

namespace XCall.Analyzers.Tests.Handlers;

/// <summary>A project extends the built-in API lists through AdditionalFiles: its own allocating and blocking APIs, and APIs it vouches for.</summary>
public sealed class ProjectApiListTests
{
    private const string Source = """
        using System;
        using System.IO;
        using XCall;
        namespace Contoso
        {
            public static class Disk { public static void Flush() { } public static void Trim() { } }
            public static class Pool { public static byte[] Rent() => null!; }
            public static class Native { public static extern int Read(int handle); }
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush()
                {
                    MARKS
                }
            }
        }
        """;

    [Fact]
    public async Task Listed_methods_are_reported_as_blocking_or_allocating_and_vouched_ones_never()
    {
        await Verify.Diagnostics(test =>
        {
            test.TestCode = Source.Replace("MARKS", """
                {|#0:Disk.Flush()|};
                Disk.Trim();
                {|XC1010:Native.Read(1)|};
                Pool.Rent();
                Console.WriteLine();
                {|XC2006:File.Exists("x")|};
                """);
            test.TestState.AdditionalFiles.Add(("XCall.BlockingApis.txt", """
                # Waits for the disk controller.
                [Contoso.Disk]::Flush
                """));
            test.TestState.AdditionalFiles.Add(("XCall.AllocatingApis.txt", "[Contoso.Native]\n[Contoso.Pool]::Rent\nnot an entry\n"));
            test.TestState.AdditionalFiles.Add(("XCall.TrustedApis.txt", "[System.Console]::WriteLine\n[Contoso.Pool]::Rent\n"));
        },
        Verify.Diagnostic(XCallDiagnostics.BlockingCall).WithLocation(0)
            .WithMessage("Call to 'Disk.Flush' blocks the core: use a form that does not wait (Try…, async outside the handler), or move the call off the core"));
    }
}
