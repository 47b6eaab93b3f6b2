using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using XCall.Analyzers.Tests.Infrastructure;
using Xunit;

namespace XCall.Analyzers.Tests.Handlers;

/// <summary>XC1001–XC1010: allocations inside a handler body, each next to a look-alike that does not allocate.</summary>
public sealed class AllocationRuleTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using XCall;

        """;

    [Fact]
    public async Task A_params_call_with_arguments_is_reported_but_no_arguments_an_explicit_array_or_a_params_span_are_fine()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Stats
            {
                static int Sum(params int[] values) => values.Length;
                static int Total(params ReadOnlySpan<int> values) => values.Length;

                [CrossCall(CallMode.Sync)]
                static int Flush(int[] reused) => {|#0:Sum(1, 2, 3)|} + Sum() + Sum(reused) + Total(1, 2, 3);
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.ParamsArray).WithLocation(0).WithMessage("Call to 'Stats.Sum' allocates a params array of 3 element(s): call an overload taking a span, or pass an array created once outside the handler"));
    }

    [Fact]
    public async Task Converting_a_value_to_object_or_an_interface_is_reported_as_boxing()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Stats
            {
                static object? s_last;
                static IComparable? s_key;

                [CrossCall(CallMode.Sync)]
                static void Flush(int count)
                {
                    s_last = {|#0:count|};
                    s_key = {|#1:count|};
                    s_last = "text";
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.Boxing).WithLocation(0).WithMessage("Conversion to 'object' boxes a 'int' on the heap: keep the value typed (a generic method, or an overload for 'int')"),
            Verify.Diagnostic(XCallDiagnostics.Boxing).WithLocation(1).WithMessage("Conversion to 'IComparable' boxes a 'int' on the heap: keep the value typed (a generic method, or an overload for 'int')"));
    }

    [Fact]
    public async Task Calling_an_object_method_a_struct_does_not_override_is_reported_as_boxing_but_an_override_is_fine()
    {
        await Verify.Diagnostics(Usings + """
            struct Plain { public int X; }
            struct Hashed { public int X; public override int GetHashCode() => X; }
            static partial class Stats
            {
                [CrossCall(CallMode.Sync)]
                static int Flush(Plain plain, Hashed hashed, int count) =>
                    {|#0:plain.GetHashCode()|} + hashed.GetHashCode() + count.GetHashCode();
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.Boxing).WithLocation(0).WithMessage("Call to 'ValueType.GetHashCode' boxes a 'Plain' on the heap: keep the value typed (a generic method, or an overload for 'Plain')"));
    }

    [Fact]
    public async Task Concatenation_interpolation_and_ToString_are_reported_once_each_without_a_boxing_report()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Log
            {
                static string s_line = "";

                [CrossCall(CallMode.Sync)]
                static void Flush(int core, string name)
                {
                    s_line = {|#0:"core " + core + " of " + name|};
                    s_line = {|XC1003:$"core {core}"|};
                    {|XC1003:s_line += name + core|};
                    s_line = {|#3:core.ToString()|};
                    s_line = {|XC1003:string.Concat(name, name)|};
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.StringAllocation).WithLocation(0).WithMessage("'\"core \" + core + \" of \" + name' allocates a string: format into a span or a buffer created once outside the handler"),
            Verify.Diagnostic(XCallDiagnostics.StringAllocation).WithLocation(3).WithMessage("'int.ToString' allocates a string: format into a span or a buffer created once outside the handler"));
    }

    [Fact]
    public async Task Interpolating_into_a_span_through_a_custom_handler_is_fine()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Log
            {
                [CrossCall(CallMode.Sync)]
                static int Flush(int core)
                {
                    Span<char> buffer = stackalloc char[32];
                    return buffer.TryWrite($"core {core}", out int written) ? written : 0;
                }
            }
            """);
    }

    [Fact]
    public async Task A_lambda_that_captures_a_local_inside_a_handler_is_reported()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Tlb
            {
                static void Each(Action<int> action) => action(1);

                [CrossCall(CallMode.Sync)]
                static int Flush(int count)
                {
                    int seen = 0;
                    Each({|#0:page => seen += page + count|});
                    return seen;
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.DelegateAllocation).WithLocation(0).WithMessage("Lambda capturing 'seen' allocates a delegate: use a static lambda or a static method, or create the delegate once outside the handler"));
    }

    [Fact]
    public async Task Instance_method_groups_and_non_static_local_functions_used_as_delegates_are_reported()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Tlb
            {
                static void Run(Action action) => action();

                [CrossCall(CallMode.Sync)]
                static void Flush(List<int> pages)
                {
                    int count = 0;
                    void Count() => count++;
                    Run({|#0:pages.Clear|});
                    Run({|#1:Count|});
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.DelegateAllocation).WithLocation(0).WithMessage("Method group 'Clear' allocates a delegate: use a static lambda or a static method, or create the delegate once outside the handler"),
            Verify.Diagnostic(XCallDiagnostics.DelegateAllocation).WithLocation(1).WithMessage("Local function 'Count' allocates a delegate: use a static lambda or a static method, or create the delegate once outside the handler"));
    }

    [Fact]
    public async Task Static_method_groups_allocate_before_CSharp_11_only()
    {
        var source = Usings + """
            static partial class Tlb
            {
                static void Tick() { }
                static void Run(Action action) => action();

                [CrossCall(CallMode.Sync)]
                static void Flush() => Run(MARK);
            }
            """;
        await Verify.Diagnostics(source.Replace("MARK", "Tick"));
        await Verify.Diagnostics(test =>
        {
            test.TestCode = source.Replace("MARK", "{|XC1004:Tick|}");
            test.LanguageVersion = LanguageVersion.CSharp10;
        });
    }

    [Fact]
    public async Task A_foreach_over_an_interface_is_reported_but_lists_dictionaries_arrays_strings_and_spans_are_fine()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Pages
            {
                static readonly List<int> list = new();
                static readonly Dictionary<int, int> map = new();
                static readonly int[] array = new int[4];

                [CrossCall(CallMode.Sync)]
                static int Flush(IEnumerable<int> pages, string name)
                {
                    int sum = 0;
                    ReadOnlySpan<int> span = array;
                    {|#0:foreach (int page in pages)|} sum += page;
                    foreach (int page in list) sum += page;
                    foreach (var pair in map) sum += pair.Value;
                    foreach (int page in array) sum += page;
                    foreach (char letter in name) sum += letter;
                    foreach (int page in span) sum += page;
                    return sum;
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.EnumeratorAllocation).WithLocation(0).WithMessage("foreach over 'pages' allocates an enumerator of type 'IEnumerator<int>': loop over the concrete collection (a List<T>, an array or a span), or index it"));
    }

    [Fact]
    public async Task New_of_a_class_an_array_an_anonymous_object_or_a_record_copy_is_reported()
    {
        await Verify.Diagnostics(Usings + """
            record Entry(int Page);
            static partial class Pages
            {
                static object? s_last;

                [CrossCall(CallMode.Sync)]
                static void Flush(Entry entry)
                {
                    s_last = {|#0:new List<int>()|};
                    s_last = {|#1:new int[4]|};
                    s_last = {|XC1006:new { Page = 1 }|};
                    s_last = {|XC1006:entry with { Page = 2 }|};
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.ObjectAllocation).WithLocation(0).WithMessage("'new' allocates a 'List<int>' on the heap: create it once outside the handler (per-core state), or use a struct or stackalloc"),
            Verify.Diagnostic(XCallDiagnostics.ObjectAllocation).WithLocation(1).WithMessage("Array creation allocates a 'int[]' on the heap: create it once outside the handler (per-core state), or use a struct or stackalloc"));
    }

    [Fact]
    public async Task Collection_expressions_that_allocate_are_reported_but_stack_spans_and_empty_arrays_are_fine()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Pages
            {
                static object? s_last;

                [CrossCall(CallMode.Sync)]
                static int Flush(List<int> more)
                {
                    int[] array = {|#0:[1, 2]|};
                    List<int> list = {|#1:[]|};
                    ReadOnlySpan<int> spread = {|XC1007:[1, ..more]|};
                    Span<int> inline = [1, 2, 3];
                    int[] empty = [];
                    IEnumerable<int> none = [];
                    s_last = empty;
                    s_last = none;
                    return array.Length + list.Count + spread.Length + inline.Length;
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.CollectionExpressionAllocation).WithLocation(0).WithMessage("Collection expression allocates a 'int[]': target Span<T> or ReadOnlySpan<T> without spreads, or fill a collection created once outside the handler"),
            Verify.Diagnostic(XCallDiagnostics.CollectionExpressionAllocation).WithLocation(1).WithMessage("Collection expression allocates a 'List<int>': target Span<T> or ReadOnlySpan<T> without spreads, or fill a collection created once outside the handler"));
    }

    [Fact]
    public async Task LINQ_methods_and_query_syntax_are_reported_but_list_methods_are_fine()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Pages
            {
                [CrossCall(CallMode.Sync)]
                static int Flush(List<int> pages) =>
                    {|#0:pages.Count(static page => page > 0)|}
                    + {|XC1008:(from page in pages {|XC1008:where page > 0|} select page).Count()|}
                    + (pages.Exists(static page => page > 0) ? 1 : 0);
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.LinqAllocation).WithLocation(0).WithMessage("LINQ method 'Enumerable.Count' allocates iterators and delegates: write the loop"));
    }

    [Fact]
    public async Task Async_lambdas_and_iterators_are_reported_but_returning_a_task_is_fine_and_an_async_handler_is_a_declaration_error()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Loader
            {
                static Func<Task>? s_next;

                [CrossCall(CallMode.Async)]
                static {|XC0022:async|} void Load() => await Task.Yield();

                static async Task Later() => await Task.Yield();

                [CrossCall(CallMode.Sync)]
                static void Start() => {|#0:Later()|};

                [CrossCall(CallMode.Sync)]
                static IEnumerable<int> {|#1:Pages|}() { yield return 1; }

                [CrossCall(CallMode.Sync)]
                static Task Ready()
                {
                    s_next = {|XC1009:async|} static () => await Task.Yield();
                    return Task.CompletedTask;
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.TransitiveAllocation).WithLocation(0)
                .WithMessage("Call allocates: Start → Later → async method 'Later' (XC1009): remove the allocation there, or mark that method [Vetted(\"reason\")] if it is acceptable"),
            Verify.Diagnostic(XCallDiagnostics.StateMachineAllocation).WithLocation(1).WithMessage("Iterator 'Pages' allocates a state machine: make it synchronous, or run it outside the handler"));
    }

    [Fact]
    public async Task Listed_library_methods_that_allocate_are_reported_but_other_library_calls_are_trusted()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Pages
            {
                [CrossCall(CallMode.Sync)]
                static int Flush(string line, List<int> pages) =>
                    {|#0:line.Split(',')|}.Length + {|XC1010:pages.ToArray()|}.Length
                    + line.AsSpan().IndexOf(',') + (line.StartsWith('#') ? 1 : 0) + pages.Count;
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.AllocatingCall).WithLocation(0).WithMessage("Call to 'string.Split' allocates: use a non-allocating form (a span overload, TryFormat, a buffer created once), or call it outside the handler"));
    }
}
