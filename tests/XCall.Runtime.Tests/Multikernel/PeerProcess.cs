using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using Xunit;

namespace XCall.Tests.Multikernel;

/// <summary>
/// The other instance of a test's multikernel: the peer app (tests/XCall.Multikernel.Peer) as a child process, driven
/// one command a line. Disposing it closes its input (it leaves and exits), and kills it if it does not exit in time.
/// </summary>
internal sealed class PeerProcess : IDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private bool _disposed;

    private PeerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null) _lines.CompleteAdding();
            else _lines.Add(line.Data);
        };
        process.BeginOutputReadLine();
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the peer as <paramref name="instance"/> of <paramref name="name"/> and waits until it linked with <paramref name="peer"/>.</summary>
    public static PeerProcess Start(string name, int instance, int peer, int queueCapacity = 256)
    {
        string assembly = typeof(PeerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MultikernelPeer").Value!;
        var start = new ProcessStartInfo(Host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { assembly, name, $"{instance}", $"{peer}", $"{queueCapacity}" }) start.ArgumentList.Add(argument);
        var child = new PeerProcess(Process.Start(start)!);
        child.Expect("ready");
        return child;
    }

    /// <summary>Sends a command and returns the peer's answer.</summary>
    public string Ask(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
        return Next();
    }

    public void Expect(string answer) => Assert.Equal(answer, Next());

    /// <summary>Kills the process, as a crash would end it, and waits until it is gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        Assert.True(_process.WaitForExit(s_patience), "the killed peer did not exit");
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It exited meanwhile.
            }
            if (!_process.WaitForExit(s_patience)) _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
        _process.Dispose();
    }

    private string Next()
    {
        if (!_lines.TryTake(out string? line, s_patience))
            Assert.Fail(_lines.IsCompleted ? $"The peer exited (code {(_process.WaitForExit(s_patience) ? _process.ExitCode : -1)})." : "The peer did not answer in time.");
        return line!;
    }

    /// <summary>The dotnet host running the tests (the SDK passes it in DOTNET_HOST_PATH), else the one on the PATH.</summary>
    private static string Host =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : "dotnet";
}
