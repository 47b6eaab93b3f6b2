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
        var diagnostics = await Verify.Diagnostics(Usings + """
            static partial class Stats
            {
                static int Sum(params int[] values) => values.Length;
                static int Total(params ReadOnlySpan<int> values) => values.Length;

                [CrossCall(CallMode.Sync)]
                static int Flush(int[] reused) => {|XC1001:Sum(1, 2, 3)|} + Sum() + Sum(reused) + Total(1, 2, 3);
            }
            """);
        Assert.Equal("Call to 'Stats.Sum' allocates a params array of 3 element(s)", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task Converting_a_value_to_object_or_an_interface_is_reported_as_boxing()
    {
        var diagnostics = await Verify.Diagnostics(Usings + """
            static partial class Stats
            {
                static object? s_last;
                static IComparable? s_key;

                [CrossCall(CallMode.Sync)]
                static void Flush(int count)
                {
                    s_last = {|XC1002:count|};
                    s_key = {|XC1002:count|};
                    s_last = "text";
                }
            }
            """);
        Assert.Equal("Conversion to 'object' boxes a 'int' on the heap", diagnostics[0].GetMessage());
        Assert.Equal("Conversion to 'IComparable' boxes a 'int' on the heap", diagnostics[1].GetMessage());
    }

    [Fact]
    public async Task Calling_an_object_method_a_struct_does_not_override_is_reported_as_boxing_but_an_override_is_fine()
    {
        var diagnostics = await Verify.Diagnostics(Usings + """
            struct Plain { public int X; }
            struct Hashed { public int X; public override int GetHashCode() => X; }
            static partial class Stats
            {
                [CrossCall(CallMode.Sync)]
                static int Flush(Plain plain, Hashed hashed, int count) =>
                    {|XC1002:plain.GetHashCode()|} + hashed.GetHashCode() + count.GetHashCode();
            }
            """);
        Assert.Equal("Call to 'ValueType.GetHashCode' boxes a 'Plain' on the heap", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task Concatenation_interpolation_and_ToString_are_reported_once_each_without_a_boxing_report()
    {
        var diagnostics = await Verify.Diagnostics(Usings + """
            static partial class Log
            {
                static string s_line = "";

                [CrossCall(CallMode.Sync)]
                static void Flush(int core, string name)
                {
                    s_line = {|XC1003:"core " + core + " of " + name|};
                    s_line = {|XC1003:$"core {core}"|};
                    {|XC1003:s_line += name + core|};
                    s_line = {|XC1003:core.ToString()|};
                    s_line = {|XC1003:string.Concat(name, name)|};
                }
            }
            """);
        Assert.Equal("'\"core \" + core + \" of \" + name' allocates a string", diagnostics[0].GetMessage());
        Assert.Equal("'int.ToString' allocates a string", diagnostics[3].GetMessage());
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
        var diagnostics = await Verify.Diagnostics(Usings + """
            static partial class Tlb
            {
                static void Each(Action<int> action) => action(1);

                [CrossCall(CallMode.Sync)]
                static int Flush(int count)
                {
                    int seen = 0;
                    Each({|XC1004:page => seen += page + count|});
                    return seen;
                }
            }
            """);
        Assert.Equal("Lambda capturing 'seen' allocates a delegate", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task Instance_method_groups_and_non_static_local_functions_used_as_delegates_are_reported()
    {
        var diagnostics = await Verify.Diagnostics(Usings + """
            static partial class Tlb
            {
                static void Run(Action action) => action();

                [CrossCall(CallMode.Sync)]
                static void Flush(List<int> pages)
                {
                    int count = 0;
                    void Count() => count++;
                    Run({|XC1004:pages.Clear|});
                    Run({|XC1004:Count|});
                }
            }
            """);
        Assert.Equal("Method group 'Clear' allocates a delegate", diagnostics[0].GetMessage());
        Assert.Equal("Local function 'Count' allocates a delegate", diagnostics[1].GetMessage());
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
        await Verify.Diagnostics(source.Replace("MARK", "{|XC1004:Tick|}"), languageVersion: LanguageVersion.CSharp10);
    }

    [Fact]
    public async Task A_foreach_over_an_interface_is_reported_but_lists_dictionaries_arrays_strings_and_spans_are_fine()
    {
        var diagnostics = await Verify.Diagnostics(Usings + """
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
                    {|XC1005:foreach (int page in pages)|} sum += page;
                    foreach (int page in list) sum += page;
                    foreach (var pair in map) sum += pair.Value;
                    foreach (int page in array) sum += page;
                    foreach (char letter in name) sum += letter;
                    foreach (int page in span) sum += page;
                    return sum;
                }
            }
            """);
        Assert.Equal("foreach over 'pages' allocates an enumerator of type 'IEnumerator<int>'", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task New_of_a_class_an_array_an_anonymous_object_or_a_record_copy_is_reported()
    {
        var diagnostics = await Verify.Diagnostics(Usings + """
            record Entry(int Page);
            static partial class Pages
            {
                static object? s_last;

                [CrossCall(CallMode.Sync)]
                static void Flush(Entry entry)
                {
                    s_last = {|XC1006:new List<int>()|};
                    s_last = {|XC1006:new int[4]|};
                    s_last = {|XC1006:new { Page = 1 }|};
                    s_last = {|XC1006:entry with { Page = 2 }|};
                }
            }
            """);
        Assert.Equal("'new' allocates a 'List<int>' on the heap", diagnostics[0].GetMessage());
        Assert.Equal("Array creation allocates a 'int[]' on the heap", diagnostics[1].GetMessage());
    }

    [Fact]
    public async Task Collection_expressions_that_allocate_are_reported_but_stack_spans_and_empty_arrays_are_fine()
    {
        var diagnostics = await Verify.Diagnostics(Usings + """
            static partial class Pages
            {
                static object? s_last;

                [CrossCall(CallMode.Sync)]
                static int Flush(List<int> more)
                {
                    int[] array = {|XC1007:[1, 2]|};
                    List<int> list = {|XC1007:[]|};
                    ReadOnlySpan<int> spread = {|XC1007:[1, ..more]|};
                    Span<int> inline = [1, 2, 3];
                    int[] empty = [];
                    IEnumerable<int> none = [];
                    s_last = empty;
                    s_last = none;
                    return array.Length + list.Count + spread.Length + inline.Length;
                }
            }
            """);
        Assert.Equal("Collection expression allocates a 'int[]'", diagnostics[0].GetMessage());
        Assert.Equal("Collection expression allocates a 'List<int>'", diagnostics[1].GetMessage());
    }

    [Fact]
    public async Task LINQ_methods_and_query_syntax_are_reported_but_list_methods_are_fine()
    {
        var diagnostics = await Verify.Diagnostics(Usings + """
            static partial class Pages
            {
                [CrossCall(CallMode.Sync)]
                static int Flush(List<int> pages) =>
                    {|XC1008:pages.Count(static page => page > 0)|}
                    + {|XC1008:(from page in pages {|XC1008:where page > 0|} select page).Count()|}
                    + (pages.Exists(static page => page > 0) ? 1 : 0);
            }
            """);
        Assert.Equal("LINQ method 'Enumerable.Count' allocates iterators and delegates", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task Async_handlers_async_lambdas_and_iterators_are_reported_but_returning_a_task_is_fine()
    {
        var diagnostics = await Verify.Diagnostics(Usings + """
            static partial class Loader
            {
                static Func<Task>? s_next;

                [CrossCall(CallMode.Async)]
                static {|XC1009:async|} void Load() => await Task.Yield();

                [CrossCall(CallMode.Sync)]
                static IEnumerable<int> {|XC1009:Pages|}() { yield return 1; }

                [CrossCall(CallMode.Sync)]
                static Task Ready()
                {
                    s_next = {|XC1009:async|} static () => await Task.Yield();
                    return Task.CompletedTask;
                }
            }
            """);
        Assert.Equal("Async method 'Load' allocates a state machine", diagnostics[0].GetMessage());
        Assert.Equal("Iterator 'Pages' allocates a state machine", diagnostics[1].GetMessage());
    }

    [Fact]
    public async Task Listed_library_methods_that_allocate_are_reported_but_other_library_calls_are_trusted()
    {
        var diagnostics = await Verify.Diagnostics(Usings + """
            static partial class Pages
            {
                [CrossCall(CallMode.Sync)]
                static int Flush(string line, List<int> pages) =>
                    {|XC1010:line.Split(',')|}.Length + {|XC1010:pages.ToArray()|}.Length
                    + line.AsSpan().IndexOf(',') + (line.StartsWith('#') ? 1 : 0) + pages.Count;
            }
            """);
        Assert.Equal("Call to 'string.Split' allocates", diagnostics[0].GetMessage());
    }
}
