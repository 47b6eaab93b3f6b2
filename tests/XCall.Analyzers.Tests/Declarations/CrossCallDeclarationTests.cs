using System.Threading.Tasks;
using XCall.Analyzers.Tests.Infrastructure;
using Xunit;

namespace XCall.Analyzers.Tests.Declarations;

/// <summary>XC0001–XC0013 and XC0020: every reason the generator skips a [CrossCall] method, where it is reported, and what it says.</summary>
public sealed class CrossCallDeclarationTests
{
    [Fact]
    public async Task A_well_formed_cross_call_is_not_reported()
    {
        await Verify.Diagnostics("""
            using XCall;
            public struct Range { public ulong Start; public int Pages; }
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static int Flush(ulong address, in Range range, string tag, object a, object b, object c) => range.Pages;

                [CrossCall(CallMode.Async, Priority = CallPriority.High)]
                static void Prefetch(ulong address) { }
            }
            """);
    }

    [Fact]
    public async Task An_instance_cross_call_is_reported_at_its_name()
    {
        await Verify.Diagnostics("""
            using XCall;
            partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                void {|#0:Flush|}() { }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.NotStatic).WithLocation(0).WithMessage("[CrossCall] method 'Flush' must be static: add 'static' (a core runs it without an instance)"));
    }

    [Fact]
    public async Task A_cross_call_attribute_on_a_local_function_or_lambda_is_reported_at_the_attribute()
    {
        await Verify.Diagnostics("""
            using System;
            using XCall;
            static partial class Tlb
            {
                static void Setup()
                {
                    [{|#0:CrossCall(CallMode.Sync)|}]
                    static void Local() { }
                    Action lambda = [{|#1:IpiHandler(3)|}] static () => { };
                    Local();
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.NotAMemberMethod).WithLocation(0).WithMessage("[CrossCall] must be on an ordinary member method, not on a local function: put it on a static method of a partial type"),
            Verify.Diagnostic(XCallDiagnostics.NotAMemberMethod).WithLocation(1).WithMessage("[IpiHandler] must be on an ordinary member method, not on a lambda: put it on a static method of a partial type"));
    }

    [Fact]
    public async Task A_generic_cross_call_is_reported_at_its_type_parameters_but_a_generic_containing_type_is_fine()
    {
        await Verify.Diagnostics("""
            using XCall;
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush{|#0:<T>|}(T value) where T : unmanaged { }
            }
            partial class Cache<T>
            {
                [CrossCall(CallMode.Sync)]
                static void Clear(int slot) { }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.GenericMethod).WithLocation(0).WithMessage("[CrossCall] method 'Flush' cannot be generic: remove its type parameters (a generic containing type is fine for cross calls)"));
    }

    [Fact]
    public async Task A_non_partial_type_is_reported_once_at_its_name_however_many_handlers_it_holds()
    {
        await Verify.Diagnostics("""
            using XCall;
            static class {|#0:Outer|}
            {
                static partial class Tlb
                {
                    [CrossCall(CallMode.Sync)]
                    static void Flush() { }

                    [CrossCall(CallMode.Async)]
                    static void Prefetch() { }
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.ContainingTypeNotPartial).WithLocation(0).WithMessage("Type 'Outer' must be partial: add 'partial' so XCall can generate the senders of its handlers into it"));
    }

    [Fact]
    public async Task A_non_partial_type_is_reported_at_its_own_name_when_a_type_inside_it_has_the_same_name()
    {
        await Verify.Diagnostics("""
            using XCall;
            static class {|#0:A|}
            {
                static partial class B
                {
                    static partial class A
                    {
                        [CrossCall(CallMode.Sync)]
                        static void Flush() { }
                    }
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.ContainingTypeNotPartial).WithLocation(0).WithMessage("Type 'A' must be partial: add 'partial' so XCall can generate the senders of its handlers into it"));
    }

    [Fact]
    public async Task A_handler_in_an_interface_is_reported_at_the_interface_name()
    {
        await Verify.Diagnostics("""
            using XCall;
            partial interface {|#0:ITlb|}
            {
                [CrossCall(CallMode.Sync)]
                static void Flush() { }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.ContainingTypeIsInterface).WithLocation(0).WithMessage("Interface 'ITlb' cannot declare handlers: move them to a partial class or struct"));
    }

    [Fact]
    public async Task A_file_local_type_is_reported_once_at_its_name_but_a_file_local_type_without_handlers_is_fine()
    {
        await Verify.Diagnostics("""
            using XCall;
            file static class Pages
            {
                public static int Count => 4;
            }
            file static partial class {|#0:Tlb|}
            {
                [CrossCall(CallMode.Sync)]
                static int Flush() => Pages.Count;

                [IpiHandler(7)]
                static void OnFlush(in IpiContext ctx, in int pages) { }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.ContainingTypeIsFileLocal).WithLocation(0).WithMessage("Type 'Tlb' is file-local, so the senders XCall generates into another file cannot reopen it: make it internal"));
    }

    [Fact]
    public async Task A_ref_or_out_parameter_is_reported_at_the_parameter_but_in_is_fine()
    {
        await Verify.Diagnostics("""
            using XCall;
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush(in ulong address, {|#0:ref int pages|}) { }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.RefOrOutParameter).WithLocation(0).WithMessage("Parameter 'pages' of cross call 'Flush' cannot be 'ref' or 'out', as arguments are copied to the target core: return the value instead, or pass a class"));
    }

    [Fact]
    public async Task A_ref_struct_parameter_is_reported_at_the_parameter_but_an_array_is_fine()
    {
        await Verify.Diagnostics("""
            using System;
            using XCall;
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush(int[] pages, {|#0:Span<byte> buffer|}) { }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.RefStructParameter).WithLocation(0).WithMessage("Parameter 'buffer' of cross call 'Flush' has ref struct type 'Span<byte>', which cannot leave the caller's stack: pass an array or a shared buffer instead"));
    }

    [Fact]
    public async Task A_pointer_parameter_is_reported_at_the_parameter_but_a_native_integer_is_fine()
    {
        await Verify.Diagnostics("""
            using XCall;
            static unsafe partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush(nint handle, {|#0:byte* page|}) { }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.PointerParameter).WithLocation(0).WithMessage("Parameter 'page' of cross call 'Flush' has pointer type 'byte*': pass an index or a shared buffer handle instead"));
    }

    [Fact]
    public async Task A_struct_holding_references_or_an_in_class_parameter_is_reported_but_an_unmanaged_struct_is_fine()
    {
        await Verify.Diagnostics("""
            using XCall;
            public struct Named { public string Name; }
            public struct Plain { public int Id; }
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush(Plain plain, {|#0:Named named|}, {|XC0009:in string tag|}) { }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.UnsupportedParameterType).WithLocation(0).WithMessage("Parameter 'named' of cross call 'Flush' has type 'Named', which a slot cannot carry: pass unmanaged values, or classes by value"));
    }

    [Fact]
    public async Task Five_reference_parameters_are_reported_at_the_parameter_list_but_four_are_fine()
    {
        await Verify.Diagnostics("""
            using XCall;
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Four(string a, string b, object c, int[] d) { }

                [CrossCall(CallMode.Sync)]
                static void Five{|#0:(string a, string b, object c, int[] d, object e)|} { }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.TooManyReferences).WithLocation(0).WithMessage("Cross call 'Five' has 5 reference-type parameters; a call carries at most 4: group the objects into one class"));
    }

    [Fact]
    public async Task Arguments_over_256_bytes_are_reported_at_the_parameter_list_but_256_bytes_fit()
    {
        await Verify.Diagnostics("""
            using XCall;
            public unsafe struct Block { public fixed byte Data[248]; }
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Fits(in Block block, long tail) { }

                [CrossCall(CallMode.Sync)]
                static void TooBig{|#0:(in Block block, long tail, int more)|} { }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.PayloadTooLarge).WithLocation(0).WithMessage("The unmanaged arguments of cross call 'TooBig' take 264 bytes; a call carries at most 256: pass large data through a shared buffer"));
    }

    [Fact]
    public async Task An_async_cross_call_returning_a_value_is_reported_at_the_return_type_but_a_sync_one_is_fine()
    {
        await Verify.Diagnostics("""
            using XCall;
            static partial class Counters
            {
                [CrossCall(CallMode.Sync)]
                static int Read() => 1;

                [CrossCall(CallMode.Async)]
                static {|#0:int|} Count() => 1;
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.AsyncReturnsValue).WithLocation(0).WithMessage("Cross call 'Count' is CallMode.Async but returns 'int': return void, or make it CallMode.Sync to get the value back"));
    }

    [Fact]
    public async Task A_by_reference_or_ref_struct_return_is_reported_at_the_return_type()
    {
        await Verify.Diagnostics("""
            using System;
            using XCall;
            static partial class Counters
            {
                static int s_count;

                [CrossCall(CallMode.Sync)]
                static {|#0:ref int|} Count() => ref s_count;

                [CrossCall(CallMode.Sync)]
                static {|XC0013:Span<int>|} Slice() => default;
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.UnsupportedReturn).WithLocation(0).WithMessage("Cross call 'Count' returns 'ref int': return a value or a class by value, not by reference, a ref struct, a pointer or dynamic"));
    }

    [Fact]
    public async Task An_async_handler_is_an_error_at_its_async_keyword_but_a_handler_returning_a_task_is_fine()
    {
        await Verify.Diagnostics("""
            using System.Threading.Tasks;
            using XCall;
            static partial class Loader
            {
                [CrossCall(CallMode.Async)]
                static {|#0:async|} void Load() => await Task.Yield();

                [CrossCall(CallMode.Sync)]
                static {|XC0022:async|} Task Refill() => await Task.Yield();

                [IpiHandler(3)]
                static {|XC0022:async|} void OnLoad(IpiContext ctx, long page) => await Task.Yield();

                [CrossCall(CallMode.Sync)]
                static Task Ready() => Task.CompletedTask;
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.AsyncHandler).WithLocation(0)
                .WithMessage("[CrossCall] method 'Load' is async, so a core would run it only until its first await: make it synchronous, and post any follow-up work as an async cross call"));
    }

    [Fact]
    public async Task An_undefined_call_mode_or_priority_is_reported_at_the_argument_but_defined_ones_are_fine()
    {
        await Verify.Diagnostics("""
            using XCall;
            static partial class Tlb
            {
                [CrossCall({|#0:(CallMode)2|})]
                static void Flush() { }

                [CrossCall(CallMode.Sync, Priority = {|#1:(CallPriority)9|})]
                static void Drop() { }

                [CrossCall((CallMode)1, Priority = (CallPriority)1)]
                static void Prefetch() { }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.UndefinedEnumValue).WithLocation(0)
                .WithMessage("'(CallMode)2' is not a defined CallMode value: use CallMode.Sync or CallMode.Async"),
            Verify.Diagnostic(XCallDiagnostics.UndefinedEnumValue).WithLocation(1)
                .WithMessage("'(CallPriority)9' is not a defined CallPriority value: use CallPriority.Normal or CallPriority.High"));
    }

    [Fact]
    public async Task A_type_the_senders_cannot_name_is_reported_where_it_is_used_but_internal_types_are_fine()
    {
        await Verify.Diagnostics("""
            using System.Collections.Generic;
            using XCall;
            public partial class Tlb
            {
                private struct Slot { public int Index; }
                protected struct Frame { public int Depth; }
                internal struct Page { public long Address; }

                [CrossCall(CallMode.Sync)]
                static void Evict({|#0:Slot slot|}, Page page) { }

                [CrossCall(CallMode.Sync)]
                protected static {|#1:List<Frame>|} Frames() => null!;

                [CrossCall(CallMode.Sync)]
                static List<Page> Pages() => null!;
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.TypeNotAccessible).WithLocation(0)
                .WithMessage("'Tlb.Slot' is private, but generated code for 'Evict' that is internal names it: make it internal"),
            Verify.Diagnostic(XCallDiagnostics.TypeNotAccessible).WithLocation(1)
                .WithMessage("'Tlb.Frame' is protected, but generated code for 'Frames' that is internal names it: make it internal"));
    }

    [Fact]
    public async Task A_variable_argument_list_is_reported_at_the_parameter_list()
    {
        await Verify.Diagnostics("""
            using XCall;
            static partial class Log
            {
                [CrossCall(CallMode.Sync)]
                static void Write{|#0:(int code, __arglist)|} { }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.VariableArguments).WithLocation(0)
                .WithMessage("[CrossCall] method 'Write' takes __arglist: declare each argument as a parameter, so it can be copied into the call's slot"));
    }

    [Fact]
    public async Task A_dynamic_result_is_reported_but_a_nullable_value_result_is_carried()
    {
        await Verify.Diagnostics("""
            using XCall;
            static partial class Counters
            {
                [CrossCall(CallMode.Sync)]
                static {|#0:dynamic|} Read() => null!;

                [CrossCall(CallMode.Sync)]
                static long? Hits() => null;
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.UnsupportedReturn).WithLocation(0)
                .WithMessage("Cross call 'Read' returns 'dynamic': return a value or a class by value, not by reference, a ref struct, a pointer or dynamic"));
    }
}
