using System.Threading.Tasks;
using XCall.Analyzers.Tests.Infrastructure;
using Xunit;

namespace XCall.Analyzers.Tests;

/// <summary>The analyzers run on every keystroke: half-typed code must not make them throw (AD0001).</summary>
public sealed class BrokenCodeTests
{
    [Theory]
    [InlineData("static partial class Tlb { [CrossCall(CallMode.Sync)] static void Flush( { new List<int>(); }")]
    [InlineData("static partial class Tlb { [CrossCall] static void Flush() { } }")]
    [InlineData("static partial class Tlb { [IpiHandler(\"seven\")] static void On(in IpiContext ctx, in Missing m) { } }")]
    [InlineData("static partial class Tlb { [CrossCall(CallMode.Sync)] static void Flush(Unknown u) { foreach (var x in u) Helper(x); } }")]
    [InlineData("static partial class Tlb { [CrossCall(CallMode.Sync)] static void Flush() { Action a = () => missing++; lock () { } } }")]
    [InlineData("static partial class Tlb { [CrossCall(CallMode.Sync)] static int Flush() => Flush(1) + Nope.Call(); [Vetted()] static void V() { } }")]
    [InlineData("partial class Tlb { [CrossCall((CallMode)7)] public static ref Span<int> Flush<T>(out T t, int* p) => throw null; }")]
    [InlineData("static partial class Tlb { [CrossCall(CallMode.Sync, Priority = (CallPriority)\"x\")] static async void Flush(__arglist) { var (a, b) = Missing(); using var m = Nope(); } }")]
    [InlineData("static unsafe partial class Tlb { [CrossCall(CallMode.Sync)] static void Flush(int[] a, string s) { delegate*<void> p = &Missing; p(); _ = a[1..]; _ = s[..]; if (a is [_, .. var r]) { } } }")]
    [InlineData("partial class Tlb { int[] _a = new int[Missing]; event Action E; Tlb() : this(1) { } [CrossCall(CallMode.Sync)] static void F() { new Tlb().E += null; } }")]
    public async Task Half_typed_code_does_not_make_the_analyzers_or_the_generator_throw(string code)
    {
        await Pipeline.RunAsync("using System;\nusing System.Collections.Generic;\nusing XCall;\n" + code);
    }
}
