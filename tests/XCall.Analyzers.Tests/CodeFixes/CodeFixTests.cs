using System.Threading.Tasks;
using XCall.Analyzers.Tests.Infrastructure;
using XCall.CodeFixes;
using Xunit;

namespace XCall.Analyzers.Tests.CodeFixes;

/// <summary>Before/after tests of every code fix.</summary>
public sealed class CodeFixTests
{
    [Fact]
    public async Task Make_partial_adds_the_modifier_to_the_type_named_in_the_report()
    {
        await Verify.CodeFix(new MakeTypePartialCodeFix(), """
            using XCall;
            internal static class {|XC0004:Tlb|}
            {
                [CrossCall(CallMode.Sync)]
                static void Flush() { }
            }
            """, """
            using XCall;
            internal static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush() { }
            }
            """);
    }

    [Fact]
    public async Task Fixing_all_makes_every_type_around_a_handler_partial()
    {
        await Verify.CodeFix(new MakeTypePartialCodeFix(), """
            using XCall;
            class {|XC0004:Outer|}
            {
                sealed class {|XC0004:Tlb|}
                {
                    [CrossCall(CallMode.Sync)]
                    static void Flush() { }
                }
            }
            """, """
            using XCall;
            partial class Outer
            {
                sealed partial class Tlb
                {
                    [CrossCall(CallMode.Sync)]
                    static void Flush() { }
                }
            }
            """);
    }

    [Fact]
    public async Task Make_static_adds_the_modifier_after_the_access_modifier()
    {
        await Verify.CodeFix(new MakeMethodStaticCodeFix(), """
            using XCall;
            partial class Tlb
            {
                /// <summary>Flushes.</summary>
                [CrossCall(CallMode.Sync)]
                public void {|XC0001:Flush|}() { }

                [CrossCall(CallMode.Sync)]
                unsafe void {|XC0001:Drop|}() { }
            }
            """, """
            using XCall;
            partial class Tlb
            {
                /// <summary>Flushes.</summary>
                [CrossCall(CallMode.Sync)]
                public static void Flush() { }

                [CrossCall(CallMode.Sync)]
                static unsafe void Drop() { }
            }
            """);
    }

    [Fact]
    public async Task Making_a_file_local_type_reachable_makes_it_internal()
    {
        await Verify.CodeFix(new MakeTypeReachableCodeFix(), """
            using XCall;
            file static partial class {|XC0020:Tlb|}
            {
                [CrossCall(CallMode.Sync)]
                static void Flush() { }
            }
            """, """
            using XCall;
            internal static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush() { }
            }
            """);
    }

    [Fact]
    public async Task A_file_local_type_whose_name_another_type_of_its_namespace_has_gets_no_fix()
    {
        const string Tlb = """
            using XCall;
            file static partial class {|XC0020:Tlb|}
            {
                [CrossCall(CallMode.Sync)]
                static void Flush() { }
            }
            """;
        var test = new Verify.Test(null, System.Array.Empty<Microsoft.CodeAnalysis.Testing.DiagnosticResult>(), new MakeTypeReachableCodeFix());
        test.TestState.Sources.Add(("Tlb.cs", Tlb));
        test.TestState.Sources.Add(("Other.cs", "static class Tlb { }"));
        test.FixedState.Sources.Add(("Tlb.cs", Tlb));
        test.FixedState.Sources.Add(("Other.cs", "static class Tlb { }"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fixing_all_makes_private_types_internal_and_protected_ones_protected_internal_but_leaves_generic_ones()
    {
        const string Generic = """

                private static partial class {|XC0021:Slots|}<T>
                {
                    [IpiHandler(9)]
                    static void Evict(in IpiContext ctx, in long page) { }
                }
            }
            """;
        await Verify.CodeFix(new MakeTypeReachableCodeFix(), """
            using XCall;
            partial class Pages
            {
                private static partial class {|XC0021:Offers|}
                {
                    [IpiHandler(7)]
                    static void Take(in IpiContext ctx, in long page) { }
                }

                protected static partial class {|XC0021:Evictions|}
                {
                    [IpiHandler(8)]
                    static void Evict(in IpiContext ctx, in long page) { }
                }

                private protected partial struct {|XC0021:Log|}
                {
                    [IpiHandler(8)]
                    static void Note(in IpiContext ctx, in long page) { }
                }
            """ + Generic, """
            using XCall;
            partial class Pages
            {
                internal static partial class Offers
                {
                    [IpiHandler(7)]
                    static void Take(in IpiContext ctx, in long page) { }
                }

                protected internal static partial class Evictions
                {
                    [IpiHandler(8)]
                    static void Evict(in IpiContext ctx, in long page) { }
                }

                internal partial struct Log
                {
                    [IpiHandler(8)]
                    static void Note(in IpiContext ctx, in long page) { }
                }
            """ + Generic);
    }

    [Fact]
    public async Task Vetting_marks_the_handler_with_a_TODO_reason()
    {
        await Verify.CodeFix(new AddVettedCodeFix(), """
            using XCall;
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush() => System.GC.KeepAlive({|XC1006:new object()|});
            }
            """, """
            using XCall;
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                [Vetted("TODO: why this may allocate or block on a core")]
                static void Flush() => System.GC.KeepAlive(new object());
            }
            """);
    }

    [Fact]
    public async Task Vetting_through_a_call_can_mark_the_called_method_in_another_file()
    {
        const string Tlb = """
            using XCall;
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush() => {|XC1100:Pages.Grow()|};
            }
            """;
        var test = new Verify.Test(null, System.Array.Empty<Microsoft.CodeAnalysis.Testing.DiagnosticResult>(), new AddVettedCodeFix())
        {
            CodeActionEquivalenceKey = "Vet Grow",
        };
        test.TestState.Sources.Add(("Tlb.cs", Tlb));
        test.TestState.Sources.Add(("Pages.cs", """
            static class Pages
            {
                public static void Grow() => System.GC.KeepAlive(new int[64]);
            }
            """));
        test.FixedState.Sources.Add(("Tlb.cs", Tlb.Replace("{|XC1100:Pages.Grow()|}", "Pages.Grow()")));
        test.FixedState.Sources.Add(("Pages.cs", """
            static class Pages
            {
                [XCall.Vetted("TODO: why this may allocate or block on a core")]
                public static void Grow() => System.GC.KeepAlive(new int[64]);
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task Vetting_through_a_call_can_mark_the_handler_instead()
    {
        await Verify.CodeFix(new AddVettedCodeFix(), """
            using XCall;
            static partial class Tlb
            {
                static void Grow() => System.GC.KeepAlive(new object());

                [CrossCall(CallMode.Sync)]
                static void Flush() { {|XC1100:Grow()|}; }
            }
            """, """
            using XCall;
            static partial class Tlb
            {
                static void Grow() => System.GC.KeepAlive(new object());

                [CrossCall(CallMode.Sync)]
                [Vetted("TODO: why this may allocate or block on a core")]
                static void Flush() { Grow(); }
            }
            """, equivalenceKey: "Vet Flush");
    }

    [Fact]
    public async Task A_params_call_becomes_a_collection_expression_bound_to_the_span_overload()
    {
        const string Fixed = """
            using System;
            using XCall;
            static partial class Stats
            {
                static int Sum(string label, params int[] values) => values.Length;
                static int Sum(string label, ReadOnlySpan<int> values) => values.Length;
                static int Max(params int[] values) => values.Length;

                [CrossCall(CallMode.Sync)]
                static int Flush(int a) => Sum("pages", [a, 2, 3]) + Max(a, 2);
            }
            """;
        await Verify.CodeFix(new UseSpanOverloadCodeFix(), """
            using System;
            using XCall;
            static partial class Stats
            {
                static int Sum(string label, params int[] values) => values.Length;
                static int Sum(string label, ReadOnlySpan<int> values) => values.Length;
                static int Max(params int[] values) => values.Length;

                [CrossCall(CallMode.Sync)]
                static int Flush(int a) => {|XC1001:Sum("pages", a, 2, 3)|} + {|XC1001:Max(a, 2)|};
            }
            """, Fixed.Replace("Max(a, 2)", "{|XC1001:Max(a, 2)|}"));
    }
}
