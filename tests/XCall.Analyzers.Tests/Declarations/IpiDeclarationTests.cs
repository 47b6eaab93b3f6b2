using System.Threading.Tasks;
using XCall.Analyzers.Tests.Infrastructure;
using Xunit;

namespace XCall.Analyzers.Tests.Declarations;

/// <summary>XC0014–XC0018 and XC0021: [IpiHandler] signatures, message types, type ids, and types the dispatch table can reach.</summary>
public sealed class IpiDeclarationTests
{
    private const string Messages = """
        using XCall;
        public struct PageOffer { public ulong Page; public int Count; }
        public struct Eviction { public ulong Page; }
        public unsafe struct Jumbo { public fixed byte Data[257]; }
        public unsafe struct Full { public fixed byte Data[256]; }
        public struct Labelled { public string Label; }

        """;

    [Fact]
    public async Task A_well_formed_ipi_handler_is_not_reported()
    {
        await Verify.Diagnostics(Messages + """
            static partial class Pages
            {
                [IpiHandler(7)]
                static void OnOffer(in IpiContext ctx, in PageOffer offer) { }

                [IpiHandler(8)]
                static void OnFull(in IpiContext ctx, in Full block) { }
            }
            """);
    }

    [Fact]
    public async Task A_handler_without_the_context_parameter_is_reported_at_its_parameter_list()
    {
        var diagnostics = await Verify.Diagnostics(Messages + """
            static partial class Pages
            {
                [IpiHandler(7)]
                static void OnOffer{|XC0014:(in PageOffer offer)|} { }
            }
            """);
        Assert.Equal("IPI handler 'OnOffer' must be 'static void OnOffer(in IpiContext ctx, in TMessage msg)'", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task A_message_holding_references_is_reported_at_the_message_parameter()
    {
        var diagnostics = await Verify.Diagnostics(Messages + """
            static partial class Pages
            {
                [IpiHandler(7)]
                static void OnLabel(in IpiContext ctx, {|XC0015:in Labelled label|}) { }
            }
            """);
        Assert.Equal("IPI message type 'Labelled' of handler 'OnLabel' must be an unmanaged struct", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task A_message_of_257_bytes_is_reported_but_256_bytes_fit()
    {
        var diagnostics = await Verify.Diagnostics(Messages + """
            static partial class Pages
            {
                [IpiHandler(7)]
                static void OnFull(in IpiContext ctx, in Full block) { }

                [IpiHandler(8)]
                static void OnJumbo(in IpiContext ctx, {|XC0016:in Jumbo block|}) { }
            }
            """);
        Assert.Equal("IPI message type 'Jumbo' of handler 'OnJumbo' takes 257 bytes; a message carries at most 256", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task A_negative_type_id_is_reported_at_the_attribute_argument_but_zero_is_fine()
    {
        var diagnostics = await Verify.Diagnostics(Messages + """
            static partial class Pages
            {
                [IpiHandler(0)]
                static void OnZero(in IpiContext ctx, in PageOffer offer) { }

                [IpiHandler({|XC0017:-1|})]
                static void OnNegative(in IpiContext ctx, in PageOffer offer) { }
            }
            """);
        Assert.Equal("IPI type id -1 of handler 'OnNegative' is negative", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task A_private_or_protected_type_holding_ipi_handlers_is_reported_once_at_its_name()
    {
        var diagnostics = await Verify.Diagnostics(Messages + """
            partial class Pages
            {
                private static partial class {|XC0021:Offers|}
                {
                    [IpiHandler(7)]
                    static void Take(in IpiContext ctx, in PageOffer offer) { }

                    [IpiHandler(7)]
                    static void Log(in IpiContext ctx, in PageOffer offer) { }
                }

                protected static partial class {|XC0021:Evictions|}
                {
                    [IpiHandler(8)]
                    static void Evict(in IpiContext ctx, in Eviction eviction) { }
                }
            }
            """);
        Assert.Equal("Type 'Offers' is private: the assembly's IPI dispatch table cannot call the IPI handlers declared in it", diagnostics[0].GetMessage());
        Assert.Equal("Type 'Evictions' is protected: the assembly's IPI dispatch table cannot call the IPI handlers declared in it", diagnostics[1].GetMessage());
    }

    [Fact]
    public async Task A_generic_type_is_reported_at_its_own_name_not_at_the_types_nested_in_it()
    {
        var diagnostics = await Verify.Diagnostics(Messages + """
            partial class {|XC0021:Cache|}<T>
            {
                internal static partial class Pages
                {
                    [IpiHandler(7)]
                    static void Take(in IpiContext ctx, in PageOffer offer) { }
                }

                private partial class {|XC0021:Slots|}<TSlot>
                {
                    [IpiHandler(8)]
                    static void Evict(in IpiContext ctx, in Eviction eviction) { }
                }
            }
            """);
        Assert.Equal("Type 'Cache' is generic: the assembly's IPI dispatch table cannot call the IPI handlers declared in it", diagnostics[0].GetMessage());
        Assert.Equal("Type 'Slots' is generic and private: the assembly's IPI dispatch table cannot call the IPI handlers declared in it", diagnostics[1].GetMessage());
    }

    [Fact]
    public async Task Ipi_handlers_in_internal_or_protected_internal_types_and_cross_calls_in_private_or_generic_types_are_fine()
    {
        await Verify.Diagnostics(Messages + """
            partial class Pages
            {
                internal static partial class Offers
                {
                    [IpiHandler(7)]
                    static void Take(in IpiContext ctx, in PageOffer offer) { }
                }

                protected internal static partial class Evictions
                {
                    [IpiHandler(8)]
                    static void Evict(in IpiContext ctx, in Eviction eviction) { }
                }

                private static partial class Counters
                {
                    [CrossCall(CallMode.Sync)]
                    static int Read() => 1;
                }
            }

            partial class Cache<T>
            {
                [CrossCall(CallMode.Sync)]
                static void Clear(int slot) { }
            }
            """);
    }

    [Fact]
    public async Task Several_handlers_of_one_type_id_are_fine_when_they_share_the_message_type()
    {
        await Verify.Diagnostics(Messages + """
            static partial class Pages
            {
                [IpiHandler(7)]
                static void Log(in IpiContext ctx, in PageOffer offer) { }

                [IpiHandler(7)]
                static void Take(in IpiContext ctx, in PageOffer offer) { }
            }
            """);
    }

    [Fact]
    public async Task Each_later_handler_binding_a_type_id_to_another_message_type_is_reported_in_source_order_across_files()
    {
        var diagnostics = await Verify.Diagnostics(new[]
        {
            new TestFile("A.cs", Messages + """
                static partial class Pages
                {
                    [IpiHandler(7)]
                    static void Take(in IpiContext ctx, in PageOffer offer) { }

                    [{|XC0018:IpiHandler(7)|}]
                    static void Evict(in IpiContext ctx, in Eviction eviction) { }
                }
                """),
            new TestFile("B.cs", """
                using XCall;
                static partial class Pages
                {
                    [IpiHandler(7)]
                    static void Log(in IpiContext ctx, in PageOffer offer) { }

                    [{|XC0018:IpiHandler(7)|}]
                    static void Drop(in IpiContext ctx, in Eviction eviction) { }
                }
                """),
        });
        Assert.Equal("IPI type id 7 is bound to 'PageOffer' by handler 'Pages.Take'; handler 'Pages.Evict' receives 'Eviction'", diagnostics[0].GetMessage());
    }
}
