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
            static ReadOnlySpan<byte> Digits => new byte[] { 1, 2, 3 };
            [Flags] enum Modes { Read = 1, Write = 2 }

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

    [Fact]
    public Task A_lambda_using_a_const_local_captures_nothing() =>
        NothingIsReportedIn("const int Step = 3; Run(() => s_sum += Step);"); // 0 bytes per call measured

    [Fact]
    public Task A_lambda_using_a_name_only_in_nameof_captures_nothing() =>
        NothingIsReportedIn("Run(() => s_sum += nameof(core).Length);"); // 0 bytes per call measured

    [Fact]
    public Task A_read_only_span_property_of_constants_points_at_static_data_also_through_a_call() =>
        NothingIsReportedIn("s_sum += Digits[core & 1];"); // 0 bytes per call measured

    [Fact]
    public Task Enum_HasFlag_and_an_enum_GetHashCode_do_not_box_on_NET() =>
        NothingIsReportedIn("var modes = (Modes)core; s_sum += (modes.HasFlag(Modes.Read) ? 1 : 0) + modes.GetHashCode();"); // 0 bytes per call measured

    [Fact]
    public Task Slicing_a_span_and_indexing_from_the_end_read_in_place() =>
        NothingIsReportedIn("ReadOnlySpan<int> pages = s_pages; s_sum += pages[1..^1].Length + s_pages[^1] + name[^1];");

    [Fact]
    public Task Array_Empty_and_renting_from_the_array_pool_are_not_new_arrays() =>
        NothingIsReportedIn("s_sum += Array.Empty<int>().Length; var rented = System.Buffers.ArrayPool<int>.Shared.Rent(8); System.Buffers.ArrayPool<int>.Shared.Return(rented);");

    [Fact]
    public Task A_deconstruction_of_a_tuple_calls_nothing() => NothingIsReportedIn("var (a, b) = (core, 2); s_sum += a + b;");

    [Fact]
    public Task A_struct_created_with_new_and_no_constructor_of_its_own_runs_no_initializer() =>
        NothingIsReportedIn("var point = new Point(); s_sum += point.X;");
}
