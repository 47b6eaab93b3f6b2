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
        var diagnostics = await Verify.Diagnostics("""
            using XCall;
            partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                void {|XC0001:Flush|}() { }
            }
            """);
        Assert.Equal("[CrossCall] method 'Flush' must be static", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task A_cross_call_attribute_on_a_local_function_or_lambda_is_reported_at_the_attribute()
    {
        var diagnostics = await Verify.Diagnostics("""
            using System;
            using XCall;
            static partial class Tlb
            {
                static void Setup()
                {
                    [{|XC0002:CrossCall(CallMode.Sync)|}]
                    static void Local() { }
                    Action lambda = [{|XC0002:IpiHandler(3)|}] static () => { };
                    Local();
                }
            }
            """);
        Assert.Equal("[CrossCall] must be on an ordinary member method, not on a local function", diagnostics[0].GetMessage());
        Assert.Equal("[IpiHandler] must be on an ordinary member method, not on a lambda", diagnostics[1].GetMessage());
    }

    [Fact]
    public async Task A_generic_cross_call_is_reported_at_its_type_parameters_but_a_generic_containing_type_is_fine()
    {
        var diagnostics = await Verify.Diagnostics("""
            using XCall;
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush{|XC0003:<T>|}(T value) where T : unmanaged { }
            }
            partial class Cache<T>
            {
                [CrossCall(CallMode.Sync)]
                static void Clear(int slot) { }
            }
            """);
        Assert.Equal("[CrossCall] method 'Flush' cannot be generic", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task A_non_partial_type_is_reported_once_at_its_name_however_many_handlers_it_holds()
    {
        var diagnostics = await Verify.Diagnostics("""
            using XCall;
            static class {|XC0004:Outer|}
            {
                static partial class Tlb
                {
                    [CrossCall(CallMode.Sync)]
                    static void Flush() { }

                    [CrossCall(CallMode.Async)]
                    static void Prefetch() { }
                }
            }
            """);
        Assert.Equal("Type 'Outer' must be partial: XCall generates the senders of its handlers into it", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task A_non_partial_type_is_reported_at_its_own_name_when_a_type_inside_it_has_the_same_name()
    {
        var diagnostics = await Verify.Diagnostics("""
            using XCall;
            static class {|XC0004:A|}
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
            """);
        Assert.Equal("Type 'A' must be partial: XCall generates the senders of its handlers into it", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task A_handler_in_an_interface_is_reported_at_the_interface_name()
    {
        var diagnostics = await Verify.Diagnostics("""
            using XCall;
            partial interface {|XC0005:ITlb|}
            {
                [CrossCall(CallMode.Sync)]
                static void Flush() { }
            }
            """);
        Assert.Equal("Interface 'ITlb' cannot declare handlers: XCall generates their senders into the type that declares them", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task A_file_local_type_is_reported_once_at_its_name_but_a_file_local_type_without_handlers_is_fine()
    {
        var diagnostics = await Verify.Diagnostics("""
            using XCall;
            file static class Pages
            {
                public static int Count => 4;
            }
            file static partial class {|XC0020:Tlb|}
            {
                [CrossCall(CallMode.Sync)]
                static int Flush() => Pages.Count;

                [IpiHandler(7)]
                static void OnFlush(in IpiContext ctx, in int pages) { }
            }
            """);
        Assert.Equal("Type 'Tlb' is file-local: XCall generates the senders of its handlers into another file, which cannot reopen it", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task A_ref_or_out_parameter_is_reported_at_the_parameter_but_in_is_fine()
    {
        var diagnostics = await Verify.Diagnostics("""
            using XCall;
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush(in ulong address, {|XC0006:ref int pages|}) { }
            }
            """);
        Assert.Equal("Parameter 'pages' of cross call 'Flush' cannot be 'ref' or 'out': arguments are copied to the target core", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task A_ref_struct_parameter_is_reported_at_the_parameter_but_an_array_is_fine()
    {
        var diagnostics = await Verify.Diagnostics("""
            using System;
            using XCall;
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush(int[] pages, {|XC0007:Span<byte> buffer|}) { }
            }
            """);
        Assert.Equal("Parameter 'buffer' of cross call 'Flush' has ref struct type 'Span<byte>', which cannot leave the caller's stack", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task A_pointer_parameter_is_reported_at_the_parameter_but_a_native_integer_is_fine()
    {
        var diagnostics = await Verify.Diagnostics("""
            using XCall;
            static unsafe partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush(nint handle, {|XC0008:byte* page|}) { }
            }
            """);
        Assert.Equal("Parameter 'page' of cross call 'Flush' has pointer type 'byte*'", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task A_struct_holding_references_or_an_in_class_parameter_is_reported_but_an_unmanaged_struct_is_fine()
    {
        var diagnostics = await Verify.Diagnostics("""
            using XCall;
            public struct Named { public string Name; }
            public struct Plain { public int Id; }
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Flush(Plain plain, {|XC0009:Named named|}, {|XC0009:in string tag|}) { }
            }
            """);
        Assert.Equal("Parameter 'named' of cross call 'Flush' has type 'Named': parameters must be unmanaged values, or classes passed by value", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task Five_reference_parameters_are_reported_at_the_parameter_list_but_four_are_fine()
    {
        var diagnostics = await Verify.Diagnostics("""
            using XCall;
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Four(string a, string b, object c, int[] d) { }

                [CrossCall(CallMode.Sync)]
                static void Five{|XC0010:(string a, string b, object c, int[] d, object e)|} { }
            }
            """);
        Assert.Equal("Cross call 'Five' has 5 reference-type parameters; a call carries at most 4", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task Arguments_over_256_bytes_are_reported_at_the_parameter_list_but_256_bytes_fit()
    {
        var diagnostics = await Verify.Diagnostics("""
            using XCall;
            public unsafe struct Block { public fixed byte Data[248]; }
            static partial class Tlb
            {
                [CrossCall(CallMode.Sync)]
                static void Fits(in Block block, long tail) { }

                [CrossCall(CallMode.Sync)]
                static void TooBig{|XC0011:(in Block block, long tail, int more)|} { }
            }
            """);
        Assert.Equal("The unmanaged arguments of cross call 'TooBig' take 264 bytes; a call carries at most 256", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task An_async_cross_call_returning_a_value_is_reported_at_the_return_type_but_a_sync_one_is_fine()
    {
        var diagnostics = await Verify.Diagnostics("""
            using XCall;
            static partial class Counters
            {
                [CrossCall(CallMode.Sync)]
                static int Read() => 1;

                [CrossCall(CallMode.Async)]
                static {|XC0012:int|} Count() => 1;
            }
            """);
        Assert.Equal("Cross call 'Count' is CallMode.Async but returns 'int': an async call returns a ticket, so the method must return void", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task A_by_reference_or_ref_struct_return_is_reported_at_the_return_type()
    {
        var diagnostics = await Verify.Diagnostics("""
            using System;
            using XCall;
            static partial class Counters
            {
                static int s_count;

                [CrossCall(CallMode.Sync)]
                static {|XC0013:ref int|} Count() => ref s_count;

                [CrossCall(CallMode.Sync)]
                static {|XC0013:Span<int>|} Slice() => default;
            }
            """);
        Assert.Equal("Cross call 'Count' returns 'ref int': a cross call cannot return by reference, a ref struct or a pointer", diagnostics[0].GetMessage());
    }
}
