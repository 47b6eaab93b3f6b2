using System;
using System.Diagnostics;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Net.Sockets;
using System.Threading;

namespace XCall.Benchmarks.Multikernel;

/// <summary>
/// This process's side of the multikernel benchmarks: it joins as instance 0, starts the bench again as instance 1
/// (<see cref="PeerRole"/>), and holds what the cross-process workloads share with it: the joined runtime, the Unix
/// socket, the two eventfds it handed over, and the futex words in a shared file.
/// </summary>
public sealed unsafe class CrossProcessPeer : IDisposable
{
    private readonly Process _process;
    private readonly IpiHandlers.Registrations _handlers;
    private readonly MemoryMappedFile _wake;
    private readonly MemoryMappedViewAccessor _view;
    private readonly string _socketPath;
    private readonly string _wakePath;

    public CrossProcessPeer()
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("The multikernel benchmarks need Linux.");
        string name = $"bench-{Environment.ProcessId}";
        _socketPath = Path.Combine(Path.GetTempPath(), $"xcall-{name}.sock");
        _wakePath = $"/dev/shm/xcall-{name}.wake";
        File.Delete(_socketPath);
        using (var file = new FileStream(_wakePath, FileMode.Create)) file.SetLength(4096);
        File.SetUnixFileMode(_wakePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _wake = MemoryMappedFile.CreateFromFile(_wakePath, FileMode.Open);
        _view = _wake.CreateViewAccessor();
        byte* words = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref words);
        Ping = (int*)words;
        Pong = (int*)(words + 128);

        Runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = new MultikernelIpiChip(), Name = "bench", StallTimeout = Timeout.InfiniteTimeSpan });
        _handlers = IpiHandlers.Register(Runtime);
        Instance = Runtime.JoinMultikernel(new MultikernelOptions { Name = name, Instance = 0, MaxInstances = 2 });

        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(_socketPath));
        listener.Listen(1);
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(CrossProcessPeer).Assembly.Location);
        foreach (string argument in new[] { "--multikernel-peer", name, _socketPath, _wakePath }) start.ArgumentList.Add(argument);
        _process = Process.Start(start)!;
        Socket = listener.Accept();
        EventRequest = WakeInterop.CreateEventfd();
        EventReply = WakeInterop.CreateEventfd();
        WakeInterop.SendDescriptors(Socket, EventRequest, EventReply);
        if (!Instance.WaitForInstance(1, TimeSpan.FromMinutes(1))) throw new TimeoutException("The bench's peer process did not join.");
    }

    /// <summary>This process's runtime, instance 0 of the benchmark's multikernel.</summary>
    public XCallRuntime Runtime { get; }

    public MultikernelInstance Instance { get; }

    /// <summary>Connected to the peer's echo.</summary>
    public Socket Socket { get; }

    public int EventRequest { get; }

    public int EventReply { get; }

    /// <summary>The futex word the peer waits on, and the one it answers on (shared file, separate lines).</summary>
    public int* Ping { get; }

    public int* Pong { get; }

    public void Dispose()
    {
        Socket.Dispose(); // the peer's echo ends, and with it the peer
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) _process.Kill();
        Instance.Dispose();
        _handlers.Dispose();
        Runtime.Dispose();
        _view.Dispose();
        _wake.Dispose();
        File.Delete(_wakePath);
        File.Delete(_socketPath);
    }
}
