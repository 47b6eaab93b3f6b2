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
        "using XCall; partial class A { [CrossCall(CallMode.Sync)] static void Token(System.Threading.CancellationToken token) { } }",
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
        "using XCall; partial class A { [CrossCall(CallMode.Sync)] static async System.Threading.Tasks.Task Async() => await System.Threading.Tasks.Task.Yield(); }",
        "using XCall; partial class A { [IpiHandler(1)] static async void AsyncIpi(IpiContext context, long message) => await System.Threading.Tasks.Task.Yield(); }",
        "using XCall; partial class A { [CrossCall((CallMode)2)] static void UndefinedMode() { } }",
        "using XCall; partial class A { [CrossCall(CallMode.Sync, Priority = (CallPriority)9)] static void UndefinedPriority() { } }",
        "using XCall; partial class A { [CrossCall(CallMode.Sync)] static dynamic DynamicResult() => 1; }",
        "using XCall; partial class A { [CrossCall(CallMode.Sync)] static void PrivateParameter(Secret s) { } private struct Secret { } }",
        "using XCall; partial class A { [CrossCall(CallMode.Sync)] static Secret[] PrivateResult() => null!; private struct Secret { } }",
        "using XCall; public partial class A { [CrossCall(CallMode.Sync)] public static void InternalInPublic(System.Collections.Generic.List<Inner> p) { } internal class Inner { } }",
        "using XCall; file struct Local { } partial class A { [CrossCall(CallMode.Sync)] static void FileLocalParameter(Local l) { } }",
        "using XCall; partial class A { [CrossCall(CallMode.Sync)] static void Varargs(__arglist) { } }",
        "using XCall; partial class A { [IpiHandler(1)] static void NullableMessage(IpiContext context, int? message) { } }",
        "using XCall; partial class A { [IpiHandler(1)] static void PrivateMessage(in IpiContext context, in Secret message) { } private struct Secret { } }",
        "using XCall; file struct Local { } partial class A { [IpiHandler(1)] static void FileLocalMessage(IpiContext context, Local message) { } }",
        "using XCall; unsafe partial class A { [CrossCall(CallMode.Sync)] static void* VoidPointer() => null; }",
        "using XCall; unsafe partial class A { [CrossCall(CallMode.Sync)] static delegate*<void> FunctionPointer() => null; }",
        "using XCall; partial class A { static int s; [CrossCall(CallMode.Sync)] static ref readonly int RefReadonly() => ref s; }",
    };

    /// <summary>
    /// Return and parameter shapes the rules accept: each generates code that compiles without an error, whatever the sender forms
    /// do with the type (results written into spans, passed <c>in</c>, read back from the frame, …).
    /// </summary>
    public static TheoryData<string> AcceptedShapes => new()
    {
        "[CrossCall(CallMode.Sync)] static long? F() => 1;",
        "[CrossCall(CallMode.Sync)] static System.Guid? F(in System.Guid? g) => g;",
        "[CrossCall(CallMode.Sync)] static void F(long? d) { }",
        "[CrossCall(CallMode.Sync)] static (int, long?) F() => default;",
        "[CrossCall(CallMode.Sync)] static System.Collections.Generic.KeyValuePair<int, long?> F(System.Collections.Generic.KeyValuePair<int, long?> p) => p;",
        "[CrossCall(CallMode.Sync)] static void F(dynamic d) { }",
        "[CrossCall(CallMode.Sync)] static System.Collections.Generic.List<dynamic> F(System.Collections.Generic.List<dynamic> o) => o;",
        "[CrossCall(CallMode.Sync)] static (int, string) F() => default;",
        "[CrossCall(CallMode.Sync)] static (int, long) F((int, long) t) => t;",
        "[CrossCall(CallMode.Sync)] static void F(params int[] a) { }",
        "[CrossCall(CallMode.Sync)] static void F(int x = 4, string? s = null) { }",
        "[CrossCall(CallMode.Sync)] static System.Threading.Tasks.Task<int> F() => System.Threading.Tasks.Task.FromResult(1);",
        "[CrossCall(CallMode.Sync)] static object? F(object? o) => o;",
        "[CrossCall(CallMode.Sync)] static int[]? F(int[]? o) => o;",
        "[CrossCall(CallMode.Sync)] static Color F(Color c) => c;",
        "[CrossCall(CallMode.Sync)] static nint F(nuint c) => 0;",
        "[CrossCall(CallMode.Sync)] static decimal F(decimal a) => a;",
        "[CrossCall(CallMode.Sync)] static void F(ref readonly int c) { }",
        "[CrossCall(CallMode.Sync)] static void F(scoped in int c) { }",
        "[CrossCall(CallMode.Sync)] static System.Threading.CancellationToken F() => default;",
        "[CrossCall(CallMode.Sync)] static System.Action F(System.Action a) => a;",
        "[CrossCall(CallMode.Sync)] static extern int F();",
        "[CrossCall(CallMode.Sync)] static void F(int @runtime, int core, int args, int frame, int result) { }",
        "[CrossCall(CallMode.Sync)] static Inner F(Inner p) => p; internal class Inner { }",
        "[CrossCall(CallMode.Sync)] static void F(Protected p) { } protected internal class Protected { }",
        "[CrossCall(CallMode.Async, Priority = CallPriority.High)] static void F(long? a, string? b) { }",
        "[IpiHandler(1)] static void F(IpiContext c, Color m) { }",
        "[IpiHandler(1)] static void F(IpiContext c, System.Collections.Generic.KeyValuePair<int, long> m) { }",
        "[IpiHandler(1)] static void F(ref readonly IpiContext c, ref readonly long m) { }",
        "[IpiHandler(1)] static void F(in IpiContext c, long m) { }",
        "[IpiHandler(1)] static void F(IpiContext c, in Inner m) { } internal struct Inner { public long A; }",
    };

    /// <summary>The same shapes in a generic type, with type parameters in every position the rules accept.</summary>
    public static TheoryData<string> AcceptedGenericShapes => new()
    {
        "[CrossCall(CallMode.Sync)] static TUnmanaged F(TUnmanaged u) => u;",
        "[CrossCall(CallMode.Sync)] static TUnmanaged? F(TUnmanaged? u) => u;",
        "[CrossCall(CallMode.Sync)] static TClass? F(TClass? c) => c;",
        "[CrossCall(CallMode.Sync)] static T F(TClass c) => default!;",
        "[CrossCall(CallMode.Sync)] static System.Collections.Generic.List<T> F(System.Collections.Generic.List<T> list) => list;",
        "[CrossCall(CallMode.Sync)] static (T, TUnmanaged) F(TUnmanaged u, TClass c) => default;",
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
    [MemberData(nameof(AcceptedShapes))]
    public void An_accepted_shape_generates_code_that_compiles(string member) =>
        GeneratesCompilingCode("public enum Color { Red }\npublic static unsafe partial class Shapes\n{\n" + member + "\n}");

    [Theory]
    [MemberData(nameof(AcceptedGenericShapes))]
    public void An_accepted_shape_with_type_parameters_generates_code_that_compiles(string member) =>
        GeneratesCompilingCode("public partial class Shapes<T, TUnmanaged, TClass> where TUnmanaged : unmanaged where TClass : class\n{\n" + member + "\n}");

    private static void GeneratesCompilingCode(string declarations)
    {
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Run("using XCall;\n" + declarations);

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.NotEmpty(result.GeneratedSources);
        SyntaxTree[] generated = [.. result.GeneratedSources.Select(generatedSource => generatedSource.SyntaxTree)];
        Assert.Empty(output.GetDiagnostics()
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error && (generated.Contains(diagnostic.Location.SourceTree) || diagnostic.Location == Location.None))
            .Select(diagnostic => diagnostic.ToString()));
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
