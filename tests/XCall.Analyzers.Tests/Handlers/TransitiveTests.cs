using System.Threading.Tasks;
using XCall.Analyzers.Tests.Infrastructure;
using Xunit;

namespace XCall.Analyzers.Tests.Handlers;

/// <summary>XC1100 and XC2100: what a handler reaches through calls into its own compilation, reported at the call with the chain.</summary>
public sealed class TransitiveTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using XCall;

        """;

    [Fact]
    public async Task A_helper_that_allocates_is_reported_at_the_handlers_call_with_the_chain()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Tlb
            {
                static List<int> Helper() => new List<int>();

                [CrossCall(CallMode.Sync)]
                static void Flush() => {|#0:Helper()|};
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.TransitiveAllocation).WithLocation(0).WithMessage("Call allocates: Flush → Helper → new List<int>() (XC1006): remove the allocation there, or mark that method [Vetted(\"reason\")] if it is acceptable"));
    }

    [Fact]
    public async Task A_wait_three_calls_deep_is_reported_with_the_whole_chain()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Tlb
            {
                static void Outer() => Middle();
                static void Middle() => Inner();
                static void Inner() => Thread.Sleep(1);

                [CrossCall(CallMode.Sync)]
                static void Flush() => {|#0:Outer()|};
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.TransitiveBlocking).WithLocation(0).WithMessage("Call blocks: Flush → Outer → Middle → Inner → Thread.Sleep (XC2003): remove the wait there, or mark that method [Vetted(\"reason\")] if it is acceptable"));
    }

    [Fact]
    public async Task Calls_in_a_cycle_terminate_and_report_the_shortest_chain()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Tlb
            {
                static readonly object s_gate = new();
                static void Ping(int n) { if (n > 0) Pong(n - 1); }
                static void Pong(int n) { Ping(n); Loop(n); }
                static void Loop(int n) { if (n > 0) Loop(n - 1); lock (s_gate) { } }
                static void Clean(int n) { if (n > 0) Clean(n - 1); }

                [CrossCall(CallMode.Sync)]
                static void Flush() { {|#0:Ping(3)|}; Clean(3); }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.TransitiveBlocking).WithLocation(0).WithMessage("Call blocks: Flush → Ping → Pong → Loop → lock (s_gate) (XC2002): remove the wait there, or mark that method [Vetted(\"reason\")] if it is acceptable"));
    }

    [Fact]
    public async Task A_vetted_helper_stops_reports_through_it_at_any_depth()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Tlb
            {
                static void Outer() => Vetted();
                [Vetted("allocates once per core, on first use")]
                static void Vetted() => Inner();
                static object Inner() => new object();

                [Vetted("tooling only: never runs on a hot core")]
                static class Tools
                {
                    public static void Dump() => Console.WriteLine("dump");
                }

                [CrossCall(CallMode.Sync)]
                static void Flush() { Outer(); Vetted(); Tools.Dump(); }
            }
            """);
    }

    [Fact]
    public async Task A_vetted_handler_reports_nothing_inside_it()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Tlb
            {
                static object Make() => new object();

                [CrossCall(CallMode.Sync), Vetted("diagnostics handler, called once at shutdown")]
                static void Dump() { Console.WriteLine(Make()); }
            }
            """);
    }

    [Fact]
    public async Task A_virtual_call_follows_the_statically_bound_body_and_an_interface_call_is_trusted()
    {
        await Verify.Diagnostics(Usings + """
            interface IStore { void Save(); }
            sealed class Store : IStore { public void Save() => Console.WriteLine("saved"); }
            class Journal
            {
                public virtual void Append() => Thread.Sleep(1);
            }
            sealed class QuietJournal : Journal
            {
                public override void Append() { }
            }
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush(IStore store, Journal journal, QuietJournal quiet)
                {
                    store.Save();
                    {|#0:journal.Append()|};
                    quiet.Append();
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.TransitiveBlocking).WithLocation(0).WithMessage("Call blocks: Flush → Append → Thread.Sleep (XC2003): remove the wait there, or mark that method [Vetted(\"reason\")] if it is acceptable"));
    }

    [Fact]
    public async Task A_helper_that_both_allocates_and_blocks_gets_one_report_of_each_at_the_call()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Tlb
            {
                static void Helper() { Thread.Sleep(1); GC.KeepAlive(new object()); }

                [CrossCall(CallMode.Sync)]
                static void Flush() { {|#0:{|#1:Helper()|}|}; {|XC1100:{|XC2100:Helper()|}|}; }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.TransitiveAllocation).WithLocation(0).WithMessage("Call allocates: Flush → Helper → new object() (XC1006): remove the allocation there, or mark that method [Vetted(\"reason\")] if it is acceptable"),
            Verify.Diagnostic(XCallDiagnostics.TransitiveBlocking).WithLocation(1).WithMessage("Call blocks: Flush → Helper → Thread.Sleep (XC2003): remove the wait there, or mark that method [Vetted(\"reason\")] if it is acceptable"));
    }

    [Fact]
    public async Task Properties_constructors_and_operators_of_the_compilation_are_followed()
    {
        await Verify.Diagnostics(Usings + """
            struct Money
            {
                public long Cents;
                public static Money operator +(Money a, Money b) { Console.WriteLine("add"); return a; }
            }
            struct Window
            {
                public Window(int size) => Thread.Sleep(size);
            }
            static partial class Ledger
            {
                static string Label => "total " + Total.Cents;
                static Money Total;

                [CrossCall(CallMode.Sync)]
                static int Flush(Money amount)
                {
                    Total = {|#0:Total + amount|};
                    var window = {|#1:new Window(1)|};
                    return {|#2:Label|}.Length;
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.TransitiveBlocking).WithLocation(0).WithMessage("Call blocks: Flush → operator + → Console.WriteLine (XC2006): remove the wait there, or mark that method [Vetted(\"reason\")] if it is acceptable"),
            Verify.Diagnostic(XCallDiagnostics.TransitiveBlocking).WithLocation(1).WithMessage("Call blocks: Flush → Window → Thread.Sleep (XC2003): remove the wait there, or mark that method [Vetted(\"reason\")] if it is acceptable"),
            Verify.Diagnostic(XCallDiagnostics.TransitiveAllocation).WithLocation(2).WithMessage("Call allocates: Flush → Label → \"total \" + Total.Cents (XC1003): remove the allocation there, or mark that method [Vetted(\"reason\")] if it is acceptable"));
    }

    [Fact]
    public async Task A_local_function_inside_a_handler_is_part_of_the_handler()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush()
                {
                    Grow();
                    static void Grow() => GC.KeepAlive({|XC1006:new object()|});
                }
            }
            """);
    }

    [Fact]
    public async Task A_handler_calling_another_handler_gets_the_others_findings_through_the_call()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Invalidate() => {|XC2003:Thread.Sleep(1)|};

                [CrossCall(CallMode.Sync)]
                static void Flush() => {|#1:Invalidate()|};
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.TransitiveBlocking).WithLocation(1).WithMessage("Call blocks: Flush → Invalidate → Thread.Sleep (XC2003): remove the wait there, or mark that method [Vetted(\"reason\")] if it is acceptable"));
    }

    [Fact]
    public async Task A_handler_calling_a_generated_sync_sender_is_reported_with_the_chain_through_it_but_async_senders_are_fine()
    {
        await Verify.Diagnostics(test =>
        {
            test.RunGenerator = true;
            test.TestCode = """
            using XCall;
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush(ulong address) { }

                [CrossCall(CallMode.Async)]
                static void Prefetch(ulong address) { }
            }

            static partial class Pages
            {
                [CrossCall(CallMode.Sync)]
                static void Shootdown(XCallRuntime runtime, ulong address)
                {
                    {|#0:Tlb.FlushOnOthers(runtime, address)|};
                    Tlb.PrefetchOn(runtime, 1, address);
                    Tlb.PrefetchOnOthers(runtime, address);
                }
            }
            """;
        },
        Verify.Diagnostic(XCallDiagnostics.TransitiveBlocking).WithLocation(0).WithMessage(
            "Call blocks: Shootdown → FlushOnOthers → XCallRuntime.Call (XC2007): remove the wait there, or mark that method [Vetted(\"reason\")] if it is acceptable"));
    }
}
