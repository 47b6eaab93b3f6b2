using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using XCall.Shared;
using XCall.Generator.Tests.Infrastructure;
using XCall.Generator.Tests.Layout;
using Xunit;

namespace XCall.Generator.Tests;

/// <summary>
/// The shared layout rules predict, from source, the size the CLR gives each struct in Layout/LayoutSamples.cs: the
/// same file is compiled into this assembly (measured with <see cref="Unsafe.SizeOf{T}"/>) and into a Roslyn compilation.
/// </summary>
public sealed class UnmanagedLayoutTests
{
    private static readonly Compilation s_samples = GeneratorHarness.Compile(ReadSamples());

    public static TheoryData<string> Samples => new(typeof(Mixed).Assembly.GetTypes()
        .Where(type => type.IsValueType && type.Namespace == typeof(Mixed).Namespace && !type.IsDefined(typeof(CompilerGeneratedAttribute), false))
        .Select(type => type.FullName!)
        .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_computed_size_of_a_struct_is_the_size_the_runtime_gives_it(string name)
    {
        Type real = typeof(Mixed).Assembly.GetType(name)!;
        int expected = (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(real).Invoke(null, null)!;

        Assert.Equal(expected, UnmanagedLayout.Of(s_samples.GetTypeByMetadataName(name)!)?.Size);
    }

    [Fact]
    public void An_auto_layout_struct_or_a_type_parameter_has_no_compile_time_size()
    {
        Compilation compilation = GeneratorHarness.Compile("""
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Auto)] struct AutoLayout { byte A; long B; }
            struct Generic<T> where T : unmanaged { T Value; }
            """);
        INamedTypeSymbol generic = compilation.GetTypeByMetadataName("Generic`1")!;

        Assert.Null(UnmanagedLayout.Of(compilation.GetTypeByMetadataName("AutoLayout")!));
        Assert.Null(UnmanagedLayout.Of(generic.TypeParameters[0]));
        Assert.Equal(8, UnmanagedLayout.Of(generic.Construct(compilation.GetSpecialType(SpecialType.System_Int64)))?.Size);
    }

    [Fact]
    public void The_payload_of_a_cross_call_is_laid_out_as_a_sequential_struct_of_its_unmanaged_parameters()
    {
        Compilation compilation = GeneratorHarness.Compile("""
            partial class A { static void F(byte a, long b, string c, short d) { } }
            """);
        IMethodSymbol method = compilation.GetTypeByMetadataName("A")!.GetMembers("F").OfType<IMethodSymbol>().Single();

        CrossCallInspection inspection = CrossCallShape.Inspect(method, XCallEnums.CallModeSync);

        Assert.Equal(Unsafe.SizeOf<Mixed>(), inspection.PayloadSize); // byte, long, short: the same shape as Mixed
        Assert.Equal([ParameterPassing.Payload, ParameterPassing.Payload, ParameterPassing.Reference, ParameterPassing.Payload], inspection.Passing.ToArray());
    }

    private static string ReadSamples()
    {
        using Stream stream = typeof(UnmanagedLayoutTests).Assembly.GetManifestResourceStream("LayoutSamples.cs")!;
        return new StreamReader(stream).ReadToEnd();
    }
}
