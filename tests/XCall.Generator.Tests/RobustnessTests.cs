using System.Linq;
using Microsoft.CodeAnalysis;
using XCall.Generator.Tests.Infrastructure;
using Xunit;

namespace XCall.Generator.Tests;

/// <summary>Broken, half-typed and rejected code: the generator never throws, never reports, and never adds an error of its own.</summary>
public sealed class RobustnessTests
{
    public static TheoryData<string> BrokenSources => new()
    {
        // Missing braces.
        "using XCall; static partial class A { [CrossCall(CallMode.Sync)] static int F(int x) { return x; ",
        "using XCall; static partial class A { [CrossCall(CallMode.Sync)] static int F(int x) => x",
        "using XCall; namespace N { static partial class A { [IpiHandler(1)] static void F(in IpiContext c, in int m) { }",
        // Unknown types.
        "using XCall; static partial class A { [CrossCall(CallMode.Sync)] static Unknown F(Missing m, System.Collections.Generic.List<Nope> n) => default; }",
        "using XCall; static partial class A { [CrossCall(CallMode.Async)] static void F(Missing[] m, Outer<Nope>.Inner i) { } }",
        "using XCall; static partial class A { [IpiHandler(1)] static void F(in IpiContext c, in Missing m) { } }",
        "static partial class A { [CrossCall(CallMode.Sync)] static void F() { } }",
        // Wrong attribute arguments.
        "using XCall; static partial class A { [CrossCall] static void F() { } }",
        "using XCall; static partial class A { [CrossCall(\"sync\")] static void F() { } }",
        "using XCall; static partial class A { [CrossCall(CallMode.Sync, CallMode.Async)] static void F() { } }",
        "using XCall; static partial class A { [CrossCall((CallMode)7)] static void F() { } }",
        "using XCall; static partial class A { [CrossCall(CallMode.Sync, Priority = \"high\")] static void F() { } }",
        "using XCall; static partial class A { [CrossCall(CallMode.Sync, Nonsense = 1)] static void F() { } }",
        "using XCall; static partial class A { [CrossCall(CallMode.Sync)][CrossCall(CallMode.Async)] static void F() { } }",
        "using XCall; static partial class A { [IpiHandler] static void F(in IpiContext c, in int m) { } }",
        "using XCall; static partial class A { [IpiHandler(\"one\")] static void F(in IpiContext c, in int m) { } }",
        "using XCall; static partial class A { [IpiHandler(-1)] static void F(in IpiContext c, in int m) { } }",
        // Half-typed declarations.
        "using XCall; static partial class A { [CrossCall(CallMode.Sync)] static void",
        "using XCall; static partial class A { [CrossCall(CallMode.Sync)] static int F(int",
        "using XCall; static partial class A { [CrossCall(CallMode.Sync)] static int F(int , ) => 0; }",
        "using XCall; static partial class A { [CrossCall(CallMode.",
        "using XCall; static partial class A { [CrossCall(CallMode.Sync)] static F() { } }",
        "using XCall; static partial class { [CrossCall(CallMode.Sync)] static void F() { } }",
        "using XCall; partial class A<> { [CrossCall(CallMode.Sync)] static void F() { } }",
        "using XCall; partial class A<T, > { [CrossCall(CallMode.Sync)] static void F(T t) { } }",
        "using XCall; namespace { partial class A { [CrossCall(CallMode.Sync)] static void F() { } } }",
        "using XCall; partial class A { [IpiHandler(1)] static void F(in IpiContext, in int) { } }",
        // Attributes where they do not belong.
        "using XCall; [CrossCall(CallMode.Sync)] static void F() { }",
        "using XCall; class A { void M() { [CrossCall(CallMode.Sync)] static void Local() { } } }",
        "using XCall; partial class A { [CrossCall(CallMode.Sync)] int this[int i] => i; [CrossCall(CallMode.Sync)] static int P => 0; }",
        "using XCall; [CrossCall(CallMode.Sync)] partial class A { }",
        "using XCall; partial class A { [CrossCall(CallMode.Sync)] static partial void F(int x); [CrossCall(CallMode.Sync)] static extern int G(); }",
        // Nothing at all.
        "",
        "[",
        "using XCall; #if",
    };

    public static TheoryData<string> RejectedShapes => new()
    {
        "using XCall; partial class A { [CrossCall(CallMode.Sync)] void NotStatic() { } }",
        "using XCall; class A { [CrossCall(CallMode.Sync)] static void NotPartial() { } }",
        "using XCall; partial class A { [CrossCall(CallMode.Sync)] static void Generic<T>(T value) { } }",
        "using XCall; partial class A { [CrossCall(CallMode.Sync)] static void ByRef(ref int x) { } }",
        "using XCall; partial class A { [CrossCall(CallMode.Sync)] static void Span(System.Span<int> x) { } }",
        "using XCall; partial class A { [CrossCall(CallMode.Sync)] static unsafe void Pointer(int* x) { } }",
        "using XCall; partial class A { [CrossCall(CallMode.Sync)] static void TooManyReferences(string a, string b, string c, string d, string e) { } }",
        "using XCall; unsafe struct Big { public fixed byte Bytes[300]; } partial class A { [CrossCall(CallMode.Sync)] static void TooLarge(Big big) { } }",
        "using XCall; partial class A { [CrossCall(CallMode.Async)] static int AsyncWithValue() => 0; }",
        "using XCall; partial interface I { [CrossCall(CallMode.Sync)] static void InInterface() { } }",
        "using XCall; file static partial class A { [CrossCall(CallMode.Sync)] static void FileLocal() { } }",
        "using XCall; partial class A { [IpiHandler(1)] static void WrongSignature(int message) { } }",
        "using XCall; partial class A { [IpiHandler(1)] static void NotUnmanaged(in IpiContext context, in string message) { } }",
        "using XCall; partial class O { private static partial class A { [IpiHandler(1)] static void Private(in IpiContext context, in int message) { } } }",
        "using XCall; partial class G<T> { [IpiHandler(1)] static void InGeneric(in IpiContext context, in int message) { } }",
    };

    [Theory]
    [MemberData(nameof(BrokenSources))]
    public void The_generator_never_throws_or_reports_and_adds_no_error_of_its_own_on_broken_code(string source)
    {
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Run(source);

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        SyntaxTree[] generated = [.. result.GeneratedSources.Select(generatedSource => generatedSource.SyntaxTree)];
        Assert.Empty(output.GetDiagnostics().Where(diagnostic => generated.Contains(diagnostic.Location.SourceTree)).Select(diagnostic => diagnostic.ToString()));
    }

    [Theory]
    [MemberData(nameof(RejectedShapes))]
    public void A_method_the_shared_rules_reject_gets_no_generated_code(string source)
    {
        (GeneratorRunResult result, _) = GeneratorHarness.Run(source);

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedSources);
    }
}
