using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace XCall.Generator.Tests;

/// <summary>
/// Representative user code for the generator: each golden file holds what it generates for one of these, and the
/// compile tests check that the result builds without a single warning.
/// </summary>
public static class RepresentativeInputs
{
    public static readonly IReadOnlyDictionary<string, string> ByName = new Dictionary<string, string>
    {
        ["SyncValueInNamespace"] = """
            using XCall;

            namespace Shop.Inventory;

            internal readonly record struct Quantity(int Value);

            internal static partial class Stock
            {
                /// <summary>Reserves <paramref name="count"/> items of <paramref name="sku"/> on this core's shard, see <see cref="Quantity"/>.</summary>
                /// <param name="sku">The item.</param>
                /// <param name="count">How many to reserve.</param>
                /// <returns>How many are left.</returns>
                [CrossCall(CallMode.Sync)]
                private static int Reserve(long sku, in Quantity count) => (int)sku - count.Value;
            }
            """,

        ["AsyncWithReferences"] = """
            using System.Collections.Generic;
            using XCall;

            namespace Shop.Logging;

            /// <summary>A per-core journal.</summary>
            public static partial class Journal
            {
                /// <summary>Appends an entry to a journal.</summary>
                /// <param name="journal">Where to append.</param>
                /// <param name="text">What to append.</param>
                /// <param name="level">How important it is.</param>
                [CrossCall(CallMode.Async, Priority = CallPriority.High)]
                public static void Append(List<string> journal, string? text, int level) => journal.Add(text ?? level.ToString());

                /// <summary>The newest entry of a journal.</summary>
                /// <param name="journal">Where to look.</param>
                [CrossCall(CallMode.Sync)]
                public static string? Newest(List<string> journal) => journal.Count == 0 ? null : journal[^1];
            }
            """,

        ["NestedAndGenericTypes"] = """
            using XCall;

            namespace Shop;

            internal partial class Outer
            {
                internal partial struct Inner
                {
                    [CrossCall(CallMode.Sync)]
                    private static void Touch() { }
                }
            }

            internal partial class Cache<TKey, TValue> where TKey : unmanaged where TValue : class
            {
                [CrossCall(CallMode.Sync)]
                private static TKey Store(TKey key, TValue value) => key;
            }

            internal partial record Settings
            {
                [CrossCall(CallMode.Async)]
                private static void Apply(double ratio) { }
            }
            """,

        ["GlobalNamespace"] = """
            using XCall;

            internal static partial class Clock
            {
                [CrossCall(CallMode.Sync)]
                private static long Now() => 42;
            }
            """,

        ["IpiHandlers"] = """
            using XCall;

            namespace Cluster;

            internal readonly record struct PageOffer(long Page, int Count);

            /// <summary>Why an instance stops.</summary>
            public struct Shutdown
            {
                /// <summary>The reason code.</summary>
                public int Reason;
            }

            internal static partial class Memory
            {
                [IpiHandler(7)]
                private static void OnPageOffer(in IpiContext context, in PageOffer offer) { }

                [IpiHandler(7)]
                private static void CountOffer(in IpiContext context, in PageOffer offer) { }
            }

            /// <summary>Instance lifecycle.</summary>
            public static partial class Lifecycle
            {
                /// <summary>Stops this instance.</summary>
                /// <param name="context">Where the message came from.</param>
                /// <param name="message">Why.</param>
                [IpiHandler(1)]
                public static void OnShutdown(IpiContext context, Shutdown message) { }
            }
            """,

        ["NameClashes"] = """
            using XCall;

            namespace Edge;

            internal static partial class Clashes
            {
                [CrossCall(CallMode.Sync)]
                private static int Mix(int core, int runtime, int mask, int condition, int results, int result, int Args, int @event) => core + Args + @event;

                [CrossCall(CallMode.Async)]
                private static void Mix(long ticket, string request, int core_, int batch, int cancellationToken) { }

                [CrossCall(CallMode.Sync)]
                private static long Mix(System.TimeSpan timeout, int cancellationToken) => cancellationToken;

                [CrossCall(CallMode.Sync)]
                private static void MixCrossCall() { }
            }
            """,
    };

    public static TheoryData<string> Names => new(ByName.Keys.OrderBy(name => name, System.StringComparer.Ordinal));
}
