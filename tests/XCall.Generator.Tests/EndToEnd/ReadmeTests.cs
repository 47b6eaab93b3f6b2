using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using XCall.Generator.Tests.Infrastructure;
using Xunit;

namespace XCall.Generator.Tests.EndToEnd;

/// <summary>
/// The README's quick start, read from README.md, compiled as the console program it is (through the real generator) and
/// run: it must build without a warning and print the line the README says it prints.
/// </summary>
public sealed class ReadmeTests
{
    /// <summary>The global usings of a <c>dotnet new console</c> project (implicit usings on).</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    [Fact]
    public void The_readme_quick_start_compiles_without_a_warning_and_prints_what_it_says()
    {
        string readme = File.ReadAllText(Path.Combine(ProjectPaths.ProjectDirectory, "..", "..", "README.md"));
        string program = Regex.Match(readme, "## Quick start.*?```csharp\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        string promised = Regex.Match(program, @"Console\.WriteLine\(.*\n// (.*)\n").Groups[1].Value;

        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Run(GeneratorHarness.Compile(OutputKind.ConsoleApplication, ImplicitUsings, program));

        Assert.NotEmpty(result.GeneratedSources);
        Assert.Empty(output.GetDiagnostics().Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning).Select(diagnostic => diagnostic.ToString()));
        Assert.NotEmpty(promised);
        Assert.Equal(promised, Run(output).Trim());
    }

    /// <summary>Runs the program's entry point in this process (its XCall reference binds to the runtime loaded here) and returns what it printed.</summary>
    private static string Run(Compilation program)
    {
        using var image = new MemoryStream();
        Assert.True(program.Emit(image).Success);
        MethodInfo entry = Assembly.Load(image.ToArray()).EntryPoint!;
        TextWriter console = Console.Out;
        var printed = new StringWriter();
        Console.SetOut(printed);
        try
        {
            entry.Invoke(null, [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(console);
        }
        return printed.ToString();
    }
}
