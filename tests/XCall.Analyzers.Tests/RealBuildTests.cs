using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using XCall.Analyzers.Tests.Infrastructure;
using Xunit;

namespace XCall.Analyzers.Tests;

/// <summary>The analyzers as a user meets them: a project referencing them as an analyzer, built with <c>dotnet build</c>.</summary>
public sealed class RealBuildTests
{
    private static readonly string s_userProject = Path.Combine(Repository.Root, "tests", "XCall.Analyzers.Tests", "UserProject");

    [Fact]
    public void A_project_referencing_the_analyzers_like_a_user_shows_their_diagnostics_in_dotnet_build()
    {
        string folder = Path.Combine(Path.GetTempPath(), "xcall-user-project-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(folder);
            foreach (string file in new[] { "UserProject.csproj", ".editorconfig", "Handlers.cs" })
                File.Copy(Path.Combine(s_userProject, file), Path.Combine(folder, file));

            // The test run built the runtime and the analyzers already: use them as they are.
            var (exitCode, output) = DotnetCli.Run(
                $"build UserProject.csproj --nologo --disable-build-servers -c {Repository.Configuration} " +
                $"-p:XCallRoot={Repository.Root} -p:BuildProjectReferences=false",
                folder, TimeSpan.FromMinutes(2));

            Assert.True(exitCode == 0, output);
            Assert.DoesNotContain("AD0001", output); // no analyzer crashed
            Assert.Equal(Expected(), Reported(output));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>"line: id" for each <c>// expect: XCnnnn</c> comment of the user project's Handlers.cs.</summary>
    private static string[] Expected() =>
        File.ReadAllLines(Path.Combine(s_userProject, "Handlers.cs"))
            .SelectMany((line, index) => Regex.Match(line, @"// expect: (.+)$") is { Success: true } match
                ? match.Groups[1].Value.Split(", ").Select(id => $"{index + 1}: {id}")
                : Enumerable.Empty<string>())
            .Order().ToArray();

    /// <summary>"line: id" for each XC diagnostic in the build output (MSBuild repeats them in its summary).</summary>
    private static string[] Reported(string output) =>
        Regex.Matches(output, @"Handlers\.cs\((\d+),\d+\): (?:warning|error) (XC\d{4})")
            .Select(match => $"{match.Groups[1].Value}: {match.Groups[2].Value}")
            .Distinct().Order().ToArray();
}
