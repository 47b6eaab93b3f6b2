using System;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Net.Sockets;
using System.Threading;

namespace XCall.Benchmarks.Multikernel;

/// <summary>
/// The second process of the multikernel benchmarks (the bench started with <c>--multikernel-peer</c>): instance 1 of
/// the multikernel, whose handlers answer pings and count messages; and the far end of the baselines — an echo on a
/// Unix socket, a futex ping-pong and an eventfd ping-pong. It exits when the socket closes.
/// </summary>
internal static unsafe class PeerRole
{
    public static int Run(string name, string socketPath, string wakePath)
    {
        using XCallRuntime runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = new MultikernelIpiChip(), Name = "bench-peer", StallTimeout = Timeout.InfiniteTimeSpan });
        using IpiHandlers.Registrations handlers = IpiHandlers.Register(runtime);
        using MultikernelInstance instance = runtime.JoinMultikernel(new MultikernelOptions { Name = name, Instance = 1, MaxInstances = 2 });
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        (int request, int reply) = WakeInterop.ReceiveDescriptors(socket);
        Background(() =>
        {
            while (true)
            {
                WakeInterop.EventfdTake(request);
                WakeInterop.EventfdSignal(reply);
            }
        });
        using var wake = MemoryMappedFile.CreateFromFile(wakePath, FileMode.Open);
        using MemoryMappedViewAccessor view = wake.CreateViewAccessor();
        byte* words = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref words);
        Background(() => FutexEcho((int*)words, (int*)(words + 128)));
        Span<byte> message = stackalloc byte[8];
        while (socket.Receive(message) == message.Length) socket.Send(message);
        return 0;
    }

    /// <summary>Waits on the ping word, answers each new value on the pong word; always blocks, so each hop is a wake-up.</summary>
    private static void FutexEcho(int* ping, int* pong)
    {
        int seen = Volatile.Read(ref *ping);
        while (true)
        {
            while (Volatile.Read(ref *ping) == seen) WakeInterop.FutexWait(ping, seen);
            seen = Volatile.Read(ref *ping);
            Volatile.Write(ref *pong, seen);
            WakeInterop.FutexWake(pong);
        }
    }

    private static void Background(ThreadStart loop) => new Thread(loop) { IsBackground = true }.Start();
}
