using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace XCall.Benchmarks;

/// <summary>
/// The generator's cost: one full generator run over a compilation with 1,000 annotated methods (100 types × 10),
/// XCall's generator on <c>[CrossCall]</c> methods against the LoggerMessage generator on <c>[LoggerMessage]</c> methods.
/// Each operation is a fresh driver on the same compilation, so it measures the generator's own work, not caching.
/// </summary>
public sealed class GeneratorRun : Workload
{
    private const int Types = 100;
    private const int MethodsPerType = 10;

    private readonly CSharpCompilation _compilation;
    private readonly ISourceGenerator _generator;
    private readonly bool _xcall;

    public GeneratorRun(bool xcall)
    {
        _xcall = xcall;
        _generator = LoadGenerator(xcall ? "XCallGenerator" : "LoggerMessageGenerator");
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => path.EndsWith(".dll", StringComparison.Ordinal))
            .Select(path => MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(XCallRuntime).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location));
        _compilation = CSharpCompilation.Create("Scale", [CSharpSyntaxTree.ParseText(Source(xcall))], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    public override string Name => _xcall ? "XCall generator, 1,000 [CrossCall] methods" : "LoggerMessage generator, 1,000 [LoggerMessage] methods";

    /// <summary>Characters of source the last run generated.</summary>
    public int GeneratedCharacters { get; private set; }

    public override void Run(int operations)
    {
        for (int i = 0; i < operations; i++)
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create(_generator).RunGenerators(_compilation);
            GeneratorDriverRunResult result = driver.GetRunResult();
            if (result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) || result.Results[0].Exception is not null)
                throw new InvalidOperationException($"{Name} failed: {result.Results[0].Exception}");
            GeneratedCharacters = result.GeneratedTrees.Sum(tree => tree.Length);
        }
    }

    private static ISourceGenerator LoadGenerator(string name)
    {
        string path = typeof(GeneratorRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == name).Value!;
        Type type = Assembly.LoadFrom(path).GetTypes().Single(t => typeof(IIncrementalGenerator).IsAssignableFrom(t) && !t.IsAbstract);
        return ((IIncrementalGenerator)Activator.CreateInstance(type)!).AsSourceGenerator();
    }

    private static string Source(bool xcall)
    {
        var source = new StringBuilder(xcall ? "using XCall;\nnamespace Scale;\n" : "using Microsoft.Extensions.Logging;\nnamespace Scale;\n");
        for (int type = 0; type < Types; type++)
        {
            source.Append($"public static partial class Shard{type}\n{{\n");
            for (int method = 0; method < MethodsPerType; method++)
            {
                int id = type * MethodsPerType + method;
                source.Append(xcall
                    ? $"    [CrossCall(CallMode.{(id % 2 == 0 ? "Sync" : "Async")})] public static {(id % 2 == 0 ? "long" : "void")} Op{id}(long key, int count, string tag) {{ {(id % 2 == 0 ? "return key + count;" : "")} }}\n"
                    : $"    [LoggerMessage(EventId = {id}, Level = LogLevel.Information, Message = \"Op{id} for {{Key}} x {{Count}} tagged {{Tag}}\")] public static partial void Op{id}(ILogger logger, long key, int count, string tag);\n");
            }
            source.Append("}\n");
        }
        return source.ToString();
    }
}
