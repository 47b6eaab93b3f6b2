using System.Linq;
using Microsoft.CodeAnalysis;
using XCall.Generator.Tests.Infrastructure;
using Xunit;

namespace XCall.Generator.Tests;

public sealed class GeneratedCodeCompilesTests
{
    /// <summary>
    /// Every kind of type a generated part must reopen correctly; and parameter types the senders' <c>inheritdoc</c>
    /// crefs must name (tuples, nullable values and references, arrays, generics, <c>in</c>, overloads).
    /// </summary>
    private const string ContainingTypeKinds = """
        using XCall;

        namespace Kinds;

        internal readonly partial struct ReadOnlyStruct { [CrossCall(CallMode.Sync)] private static int A(int x) => x; }
        internal ref partial struct RefStruct { [CrossCall(CallMode.Sync)] private static int B(int x) => x; }
        internal partial record struct RecordStruct { [CrossCall(CallMode.Async)] private static void C(int x) { } }
        internal sealed partial class Sealed { [CrossCall(CallMode.Sync)] internal static int D(int x) => x; }
        internal abstract partial class Abstract { [CrossCall(CallMode.Sync)] protected static int E(int x) => x; }
        internal unsafe partial class Unsafe { [CrossCall(CallMode.Sync)] private static int F(int x) => x; }
        internal partial struct Holder { internal static partial class Nested { [CrossCall(CallMode.Sync)] private static int G(int x) => x; } }
        internal partial class Generic<T> where T : class { internal partial class Inner<U> where U : unmanaged { [CrossCall(CallMode.Sync)] private static U H(T t, U u) => u; } }
        internal static partial class @class { [CrossCall(CallMode.Sync)] private static int @event(int @object) => @object; }
        internal static partial class CrefTypes
        {
            [CrossCall(CallMode.Sync)] private static long I((int, long) pair, int? maybe, string?[] names, System.Collections.Generic.List<(string, int?)> list, in System.Guid id) => 0;
            [CrossCall(CallMode.Sync)] private static long I(int x) => x;
        }
        """;

    public static TheoryData<string> Inputs => new([.. RepresentativeInputs.ByName.Keys.Order(), nameof(ContainingTypeKinds)]);

    [Theory]
    [MemberData(nameof(Inputs))]
    public void The_generated_source_compiles_without_a_single_warning(string input)
    {
        string source = input == nameof(ContainingTypeKinds) ? ContainingTypeKinds : RepresentativeInputs.ByName[input];

        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Run(source);

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.NotEmpty(result.GeneratedSources);
        Assert.Empty(output.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning).Select(diagnostic => diagnostic.ToString()));
    }
}
