using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace XCall.IntegrationTests.Infrastructure;

/// <summary>What a finished process printed and returned.</summary>
internal sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Everything, for a failure message.</summary>
    public override string ToString() =>
        $"{CommandLine}{Environment.NewLine}exit code {ExitCode}{Environment.NewLine}--- stdout ---{Environment.NewLine}{StandardOutput}--- stderr ---{Environment.NewLine}{StandardError}";
}

/// <summary>Runs the <c>dotnet</c> host (the SDK's commands, or an app's assembly) as a child process with a time limit.</summary>
internal static class DotNet
{
    /// <summary>How long to wait for the end of a process's output after it exited: a grandchild may still hold the pipes.</summary>
    private static readonly TimeSpan s_outputGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The host this test runs under when that is known (the SDK passes it in DOTNET_HOST_PATH), so the SDK and runtime
    /// the children use are the ones running the tests; else the first <c>dotnet</c> on the PATH.
    /// </summary>
    private static string Host =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : "dotnet";

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>; kills it (and its children) after <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">The process ran longer than <paramref name="timeout"/>; the message holds its output so far.</exception>
    public static ProcessResult Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(Host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        // Under `dotnet test` the environment carries the outer build's MSBuild settings; a nested build must find its own.
        foreach (string name in start.Environment.Keys.Where(name => name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        // No build nodes or servers left behind holding this process's output pipes, and no first-run banners.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        string commandLine = $"dotnet {string.Join(' ', arguments)} (in {workingDirectory})";
        using var process = new Process { StartInfo = start };
        var output = new StreamCapture();
        var error = new StreamCapture();
        process.OutputDataReceived += (_, line) => output.Add(line.Data);
        process.ErrorDataReceived += (_, line) => error.Add(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(s_outputGrace);
            throw new TimeoutException($"Still running after {timeout}, killed: {commandLine}{Environment.NewLine}--- stdout ---{Environment.NewLine}{output}--- stderr ---{Environment.NewLine}{error}");
        }
        output.WaitForEnd(s_outputGrace);
        error.WaitForEnd(s_outputGrace);
        return new ProcessResult(commandLine, process.ExitCode, output.ToString(), error.ToString());
    }

    /// <summary>The lines of one redirected stream, gathered as they arrive.</summary>
    private sealed class StreamCapture
    {
        private readonly StringBuilder _text = new();
        private readonly ManualResetEventSlim _ended = new();

        /// <summary>Adds a line; null marks the end of the stream.</summary>
        public void Add(string? line)
        {
            if (line is null)
            {
                _ended.Set();
                return;
            }
            lock (_text) _text.AppendLine(line);
        }

        public void WaitForEnd(TimeSpan timeout) => _ended.Wait(timeout);

        public override string ToString()
        {
            lock (_text) return _text.ToString();
        }
    }
}
