using System.Threading.Tasks;
using XCall.Analyzers.Tests.Infrastructure;
using Xunit;

namespace XCall.Analyzers.Tests.Handlers;

/// <summary>
/// Code the compiler runs for a handler without a visible call: array initializers, range and index-from-end indexers, list
/// and slice patterns, Deconstruct, field initializers in constructors, event accessors, function pointers, the Dispose at the
/// end of a using. Each family next to a look-alike that does not allocate or block.
/// </summary>
public sealed class CompilerCalledCodeTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using XCall;

        """;

    [Fact]
    public async Task An_array_initializer_without_new_is_reported_but_a_params_call_reports_the_call_instead()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Pages
            {
                static int Sum(params int[] values) => values.Length;

                [CrossCall(CallMode.Sync)]
                static int Flush(int x)
                {
                    int[] pages = {|#0:{ x, 1 }|};
                    return pages.Length + {|XC1001:Sum(x, 1)|};
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.ObjectAllocation).WithLocation(0)
                .WithMessage("Array creation allocates a 'int[]' on the heap: create it once outside the handler (per-core state), or use a struct or stackalloc"));
    }

    [Fact]
    public async Task Constants_turned_into_a_read_only_span_are_static_data_but_a_span_you_may_write_is_an_array()
    {
        // 0 bytes per call measured for Digits and for the local below (GC.GetAllocatedBytesForCurrentThread, Release, .NET 10).
        await Verify.Diagnostics(Usings + """
            static partial class Digits
            {
                static ReadOnlySpan<byte> Table => new byte[] { 1, 2, 3, 4 };
                static ReadOnlySpan<int> Wide => new int[] { 1, 2, 3, 4 };

                [CrossCall(CallMode.Sync)]
                static int Flush(int i, int x)
                {
                    ReadOnlySpan<char> letters = new char[] { 'a', 'b' };
                    Span<int> scratch = {|XC1006:new int[] { 1, 2 }|};
                    ReadOnlySpan<int> computed = {|XC1006:new int[] { x, 2 }|};
                    return Table[i] + Wide[i] + letters[i & 1] + scratch[0] + computed[0];
                }
            }
            """);
    }

    [Fact]
    public async Task A_range_on_a_string_or_an_array_allocates_but_a_range_on_a_span_and_an_index_from_end_do_not()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Names
            {
                [CrossCall(CallMode.Sync)]
                static int Flush(string name, int[] pages, int n)
                {
                    ReadOnlySpan<char> span = name;
                    string head = {|#0:name[..n]|};
                    int[] tail = {|#1:pages[1..]|};
                    return head.Length + tail.Length + span[1..].Length + pages[^1] + name[^1];
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.AllocatingCall).WithLocation(0)
                .WithMessage("Call to 'string.Substring' allocates: use a non-allocating form (a span overload, TryFormat, a buffer created once), or call it outside the handler"),
            Verify.Diagnostic(XCallDiagnostics.ObjectAllocation).WithLocation(1)
                .WithMessage("Range 'pages[1..]' allocates a 'int[]' on the heap: create it once outside the handler (per-core state), or use a struct or stackalloc"));
    }

    [Fact]
    public async Task Indexers_the_compiler_calls_for_ranges_index_from_end_and_params_are_followed_into_their_bodies()
    {
        await Verify.Diagnostics(Usings + """
            sealed class Pages
            {
                public int Length => 4;
                public int this[int i] => new int[i].Length;
                public int this[params int[] i] => i.Length;
                public Pages Slice(int start, int length) => new Pages();
            }
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static int Flush(Pages pages) => {|#0:pages[^1]|} + {|XC1100:pages[1..]|}.Length + {|XC1001:pages[1, 2]|};
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.TransitiveAllocation).WithLocation(0)
                .WithMessage("Call allocates: Flush → this[] → new int[i] (XC1006): remove the allocation there, or mark that method [Vetted(\"reason\")] if it is acceptable"));
    }

    [Fact]
    public async Task A_slice_pattern_that_keeps_the_slice_allocates_but_one_that_discards_it_does_not()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Pages
            {
                [CrossCall(CallMode.Sync)]
                static int Flush(int[] pages, string name)
                {
                    int n = 0;
                    if (pages is [_, {|XC1006:.. var rest|}]) n += rest.Length;
                    if (name is [_, {|XC1010:.. var tail|}]) n += tail.Length;
                    if (pages is [var first, .., var last]) n += first + last;
                    return n;
                }
            }
            """);
    }

    [Fact]
    public async Task A_Deconstruct_the_compiler_calls_is_followed_but_a_tuple_deconstruction_calls_nothing()
    {
        await Verify.Diagnostics(Usings + """
            readonly struct Range
            {
                public void Deconstruct(out int start, out int[] pages) { start = 0; pages = new int[4]; }
            }
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static int Flush(Range range, (int A, int B) pair, Range[] ranges)
                {
                    {|#0:var (start, pages) = range|};
                    var (a, b) = pair;
                    {|XC1100:foreach (var (s, p) in ranges)|} a += s;
                    return start + pages.Length + a + b + (range is {|XC1100:(0, _)|} ? 1 : 0);
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.TransitiveAllocation).WithLocation(0)
                .WithMessage("Call allocates: Flush → Deconstruct → new int[4] (XC1006): remove the allocation there, or mark that method [Vetted(\"reason\")] if it is acceptable"));
    }

    [Fact]
    public async Task A_constructor_runs_the_field_initializers_and_the_base_constructor_even_when_the_compiler_wrote_it()
    {
        await Verify.Diagnostics(Usings + """
            class Journal
            {
                public Journal() => Thread.Sleep(1);
            }
            sealed class Buffered : Journal
            {
                private readonly List<int> _lines = new List<int>(64);
            }
            struct Window
            {
                private readonly int[] _slots = new int[8];
                public Window() { }
                public Window(int size) : this() { }
            }
            struct Plain
            {
                private readonly int[] _slots = new int[8];
                public Plain(int size) { }
            }
            static partial class Tlb
            {
                static readonly int[] s_once = new int[64];

                [CrossCall(CallMode.Sync)]
                static int Flush()
                {
                    var buffered = {|#0:{|#1:{|#3:new Buffered()|}|}|};
                    var window = {|#2:new Window(4)|};
                    var plain = new Plain();
                    _ = (window, plain, buffered);
                    return s_once.Length;
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.ObjectAllocation).WithLocation(3).WithArguments("'new'", "Buffered"),
            Verify.Diagnostic(XCallDiagnostics.TransitiveAllocation).WithLocation(0)
                .WithMessage("Call allocates: Flush → Buffered → _lines → new List<int>(64) (XC1006): remove the allocation there, or mark that method [Vetted(\"reason\")] if it is acceptable"),
            Verify.Diagnostic(XCallDiagnostics.TransitiveBlocking).WithLocation(1)
                .WithMessage("Call blocks: Flush → Buffered → Journal → Thread.Sleep (XC2003): remove the wait there, or mark that method [Vetted(\"reason\")] if it is acceptable"),
            Verify.Diagnostic(XCallDiagnostics.TransitiveAllocation).WithLocation(2)
                .WithMessage("Call allocates: Flush → Window → Window → _slots → new int[8] (XC1006): remove the allocation there, or mark that method [Vetted(\"reason\")] if it is acceptable"));
    }

    [Fact]
    public async Task Subscribing_to_a_field_like_event_or_combining_delegates_allocates_but_custom_accessors_are_followed()
    {
        // Measured: += and -= on an event with one handler already, 104 bytes (Release, .NET 10); on an empty event 0 bytes.
        await Verify.Diagnostics(Usings + """
            sealed class Source
            {
                public event Action? Changed;
                public event Action? Quiet { add { } remove { } }
                public void Raise() => Changed?.Invoke();
            }
            static partial class Tlb
            {
                static readonly Action s_handler = static () => { };
                static Action? s_all;

                [CrossCall(CallMode.Sync)]
                static void Flush(Source source)
                {
                    {|#0:source.Changed += s_handler|};
                    {|XC1006:source.Changed -= s_handler|};
                    source.Quiet += s_handler;
                    {|XC1006:s_all += s_handler|};
                    source.Raise();
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.ObjectAllocation).WithLocation(0)
                .WithMessage("Combining delegates with 'source.Changed += s_handler' allocates a 'Action' on the heap: create it once outside the handler (per-core state), or use a struct or stackalloc"));
    }

    [Fact]
    public async Task A_call_through_a_function_pointer_is_followed_when_its_target_is_known()
    {
        await Verify.Diagnostics(Usings + """
            static unsafe partial class Tlb
            {
                static readonly delegate*<int> s_grow = &Grow;
                static int Grow() => new int[4].Length;
                static int Count() => 4;
                static delegate*<int> s_unknown;

                [CrossCall(CallMode.Sync)]
                static int Flush()
                {
                    delegate*<int> grow = &Grow;
                    delegate*<int> count = &Count;
                    return {|#0:grow()|} + count() + {|XC1100:s_grow()|} + s_unknown();
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.TransitiveAllocation).WithLocation(0)
                .WithMessage("Call allocates: Flush → Grow → new int[4] (XC1006): remove the allocation there, or mark that method [Vetted(\"reason\")] if it is acceptable"));
    }

    [Fact]
    public async Task The_Dispose_at_the_end_of_a_using_is_followed_and_checked_but_an_await_using_is_not_a_wait()
    {
        await Verify.Diagnostics(Usings + """
            sealed class Journal : IDisposable
            {
                public void Dispose() => Thread.Sleep(1);
            }
            sealed class Scope : IDisposable
            {
                public void Dispose() { }
            }
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush(Journal journal, Scope scope, XCallRuntime other)
                {
                    {|#0:using (journal)|} { }
                    using (scope) { }
                    {|XC2007:using var runtime = other;|}
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.TransitiveBlocking).WithLocation(0)
                .WithMessage("Call blocks: Flush → Dispose → Thread.Sleep (XC2003): remove the wait there, or mark that method [Vetted(\"reason\")] if it is acceptable"));
    }
}
