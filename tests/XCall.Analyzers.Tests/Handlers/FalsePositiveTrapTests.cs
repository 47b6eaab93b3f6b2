using System.Threading.Tasks;
using XCall.Analyzers.Tests.Infrastructure;
using Xunit;

namespace XCall.Analyzers.Tests.Handlers;

/// <summary>The places ClrHeapAllocationAnalyzer was known to report code that does not allocate: none of them is reported here.</summary>
public sealed class FalsePositiveTrapTests
{
    private static Task NothingIsReportedIn(string body) => Verify.Diagnostics($$"""
        using System;
        using System.Collections.Generic;
        using XCall;
        struct Point { public int X, Y; public Point(int x, int y) { X = x; Y = y; } }
        static partial class Handlers
        {
            static int Sum(params int[] values) => values.Length;
            static void Tick() { }
            static void Run(Action action) => action();
            static void Test(Func<int, bool> test) => test(1);
            static readonly int[] s_pages = new int[8];
            static readonly List<int> s_list = new();
            static int s_sum;

            [CrossCall(CallMode.Sync)]
            static void Flush(int core, string name)
            {
                {{body}}
            }
        }
        """);

    [Fact]
    public Task An_empty_params_call_uses_Array_Empty() => NothingIsReportedIn("s_sum += Sum();");

    [Fact]
    public Task A_foreach_over_a_string_is_an_index_loop() => NothingIsReportedIn("foreach (char c in name) s_sum += c;");

    [Fact]
    public Task A_foreach_over_an_array_is_an_index_loop() => NothingIsReportedIn("foreach (int page in s_pages) s_sum += page;");

    [Fact]
    public Task A_foreach_over_a_span_is_an_index_loop() =>
        NothingIsReportedIn("Span<int> pages = s_pages; foreach (int page in pages) s_sum += page;");

    [Fact]
    public Task A_foreach_over_a_list_uses_its_struct_enumerator() => NothingIsReportedIn("foreach (int page in s_list) s_sum += page;");

    [Fact]
    public Task A_static_lambda_is_cached() => NothingIsReportedIn("Test(static page => page > 0);");

    [Fact]
    public Task A_lambda_that_captures_nothing_is_cached() => NothingIsReportedIn("Run(() => s_sum++);");

    [Fact]
    public Task A_lambda_calling_a_local_function_that_captures_nothing_is_cached() =>
        NothingIsReportedIn("void Bump() => s_sum++; Run(() => Bump());");

    [Fact]
    public Task A_static_method_group_is_cached() => NothingIsReportedIn("Run(Tick);");

    [Fact]
    public Task Stackalloc_lives_on_the_stack() => NothingIsReportedIn("Span<int> scratch = stackalloc int[16]; s_sum += scratch.Length;");

    [Fact]
    public Task New_of_a_struct_lives_on_the_stack() => NothingIsReportedIn("var point = new Point(core, 2); s_sum += point.X;");

    [Fact]
    public Task String_constants_and_constant_concatenation_are_compiled_in() =>
        NothingIsReportedIn("""const string Prefix = "core-" + "id"; string label = Prefix + "s"; s_sum += label.Length;""");

    [Fact]
    public Task Nameof_is_a_constant() => NothingIsReportedIn("s_sum += nameof(Flush).Length + $\"{nameof(core)}\".Length;");

    [Fact]
    public Task Throwing_is_the_failure_path() =>
        NothingIsReportedIn("""if (core < 0) throw new ArgumentOutOfRangeException(nameof(core), core, "core " + name);""");

    [Fact]
    public Task A_throw_helper_that_does_not_return_is_the_failure_path() => Verify.Diagnostics("""
        using System;
        using System.Diagnostics.CodeAnalysis;
        using XCall;
        static partial class Handlers
        {
            [DoesNotReturn]
            static void Fail(int core)
            {
                string message = $"core {core} is not a core";
                throw new InvalidOperationException(message);
            }

            [CrossCall(CallMode.Sync)]
            static void Flush(int core)
            {
                if (core < 0) Fail(core);
            }
        }
        """);
}
