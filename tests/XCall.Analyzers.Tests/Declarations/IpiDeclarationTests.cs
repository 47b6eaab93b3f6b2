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
    public async Task A_handler_may_take_its_context_and_message_by_value_or_in_but_not_by_ref()
    {
        await Verify.Diagnostics(Messages + """
            static partial class Pages
            {
                [IpiHandler(7)]
                static void ByValue(IpiContext ctx, PageOffer offer) { }

                [IpiHandler(7)]
                static void ReadOnly(ref readonly IpiContext ctx, ref readonly PageOffer offer) { }

                [IpiHandler(7)]
                static void ByRef{|XC0014:(in IpiContext ctx, ref PageOffer offer)|} { }
            }
            """);
    }

    [Fact]
    public async Task A_nullable_or_private_message_type_is_reported_at_the_message_parameter()
    {
        await Verify.Diagnostics(Messages + """
            static partial class Pages
            {
                private struct Secret { public int Code; }

                [IpiHandler(7)]
                static void OnMaybe(in IpiContext ctx, {|XC0015:in long? page|}) { }

                [IpiHandler(8)]
                static void OnSecret(in IpiContext ctx, {|#0:in Secret secret|}) { }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.TypeNotAccessible).WithLocation(0)
                .WithMessage("'Pages.Secret' is private, but generated code for 'OnSecret' that is internal names it: make it internal"));
    }

    [Fact]
    public async Task A_handler_without_the_context_parameter_is_reported_at_its_parameter_list()
    {
        await Verify.Diagnostics(Messages + """
            static partial class Pages
            {
                [IpiHandler(7)]
                static void OnOffer{|#0:(in PageOffer offer)|} { }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.IpiWrongSignature).WithLocation(0).WithMessage("IPI handler 'OnOffer' has the wrong signature: declare it 'static void OnOffer(in IpiContext ctx, in TMessage msg)'"));
    }

    [Fact]
    public async Task A_message_holding_references_is_reported_at_the_message_parameter()
    {
        await Verify.Diagnostics(Messages + """
            static partial class Pages
            {
                [IpiHandler(7)]
                static void OnLabel(in IpiContext ctx, {|#0:in Labelled label|}) { }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.IpiMessageNotUnmanaged).WithLocation(0).WithMessage("IPI message type 'Labelled' of handler 'OnLabel' must be an unmanaged struct: replace references with ids or shared buffer handles, and nullable values with a flag"));
    }

    [Fact]
    public async Task A_message_of_257_bytes_is_reported_but_256_bytes_fit()
    {
        await Verify.Diagnostics(Messages + """
            static partial class Pages
            {
                [IpiHandler(7)]
                static void OnFull(in IpiContext ctx, in Full block) { }

                [IpiHandler(8)]
                static void OnJumbo(in IpiContext ctx, {|#0:in Jumbo block|}) { }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.IpiMessageTooLarge).WithLocation(0).WithMessage("IPI message type 'Jumbo' of handler 'OnJumbo' takes 257 bytes; a message carries at most 256: send a shared buffer handle for large data"));
    }

    [Fact]
    public async Task A_negative_type_id_is_reported_at_the_attribute_argument_but_zero_is_fine()
    {
        await Verify.Diagnostics(Messages + """
            static partial class Pages
            {
                [IpiHandler(0)]
                static void OnZero(in IpiContext ctx, in PageOffer offer) { }

                [IpiHandler({|#0:-1|})]
                static void OnNegative(in IpiContext ctx, in PageOffer offer) { }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.IpiNegativeType).WithLocation(0).WithMessage("IPI type id -1 of handler 'OnNegative' is negative: use a number from 0 up"));
    }

    [Fact]
    public async Task A_private_or_protected_type_holding_ipi_handlers_is_reported_once_at_its_name()
    {
        await Verify.Diagnostics(Messages + """
            partial class Pages
            {
                private static partial class {|#0:Offers|}
                {
                    [IpiHandler(7)]
                    static void Take(in IpiContext ctx, in PageOffer offer) { }

                    [IpiHandler(7)]
                    static void Log(in IpiContext ctx, in PageOffer offer) { }
                }

                protected static partial class {|#1:Evictions|}
                {
                    [IpiHandler(8)]
                    static void Evict(in IpiContext ctx, in Eviction eviction) { }
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.IpiHandlerUnreachable).WithLocation(0).WithMessage("Type 'Offers' is private, so the assembly's IPI dispatch table cannot call the handlers in it: make it internal (protected internal if it was protected), or move the handlers to a non-generic type"),
            Verify.Diagnostic(XCallDiagnostics.IpiHandlerUnreachable).WithLocation(1).WithMessage("Type 'Evictions' is protected, so the assembly's IPI dispatch table cannot call the handlers in it: make it internal (protected internal if it was protected), or move the handlers to a non-generic type"));
    }

    [Fact]
    public async Task A_generic_type_is_reported_at_its_own_name_not_at_the_types_nested_in_it()
    {
        await Verify.Diagnostics(Messages + """
            partial class {|#0:Cache|}<T>
            {
                internal static partial class Pages
                {
                    [IpiHandler(7)]
                    static void Take(in IpiContext ctx, in PageOffer offer) { }
                }

                private partial class {|#1:Slots|}<TSlot>
                {
                    [IpiHandler(8)]
                    static void Evict(in IpiContext ctx, in Eviction eviction) { }
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.IpiHandlerUnreachable).WithLocation(0).WithMessage("Type 'Cache' is generic, so the assembly's IPI dispatch table cannot call the handlers in it: make it internal (protected internal if it was protected), or move the handlers to a non-generic type"),
            Verify.Diagnostic(XCallDiagnostics.IpiHandlerUnreachable).WithLocation(1).WithMessage("Type 'Slots' is generic and private, so the assembly's IPI dispatch table cannot call the handlers in it: make it internal (protected internal if it was protected), or move the handlers to a non-generic type"));
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
        await Verify.Diagnostics(test =>
        {
            test.TestState.Sources.Add(("A.cs", Messages + """
                static partial class Pages
                {
                    [IpiHandler(7)]
                    static void Take(in IpiContext ctx, in PageOffer offer) { }

                    [{|#0:IpiHandler(7)|}]
                    static void Evict(in IpiContext ctx, in Eviction eviction) { }
                }
                """));
            test.TestState.Sources.Add(("B.cs", """
                using XCall;
                static partial class Pages
                {
                    [IpiHandler(7)]
                    static void Log(in IpiContext ctx, in PageOffer offer) { }

                    [{|XC0018:IpiHandler(7)|}]
                    static void Drop(in IpiContext ctx, in Eviction eviction) { }
                }
                """));
        },
        Verify.Diagnostic(XCallDiagnostics.IpiTypeConflict).WithLocation(0)
            .WithMessage("IPI type id 7 is bound to 'PageOffer' by handler 'Pages.Take'; handler 'Pages.Evict' receives 'Eviction': give 'Eviction' a type id of its own"));
    }
}
