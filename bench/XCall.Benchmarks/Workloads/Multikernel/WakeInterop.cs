using System;
using System.IO;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace XCall.Benchmarks.Multikernel;

/// <summary>
/// The two ways to wake a thread of another process that the multikernel wake-up was chosen between: a futex on a
/// word in shared memory, and an eventfd handed to the other process over a Unix socket (SCM_RIGHTS). Bench-only.
/// </summary>
internal static unsafe partial class WakeInterop
{
    private const int FutexWaitOperation = 0;
    private const int FutexWakeOperation = 1;
    private const int SolSocket = 1;
    private const int ScmRights = 1;

    private static long FutexCall => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 202 : 98;

    public static void FutexWait(int* word, int expected) => syscall(FutexCall, (nint)word, FutexWaitOperation, expected, 0, 0, 0);

    public static void FutexWake(int* word) => syscall(FutexCall, (nint)word, FutexWakeOperation, 1, 0, 0, 0);

    public static int CreateEventfd()
    {
        int fd = eventfd(0, 0);
        if (fd < 0) throw new IOException($"eventfd failed (errno {Marshal.GetLastPInvokeError()}).");
        return fd;
    }

    /// <summary>Blocks until the eventfd's counter is non-zero, and takes it.</summary>
    public static void EventfdTake(int fd)
    {
        ulong value;
        while (read(fd, &value, sizeof(ulong)) != sizeof(ulong)) { }
    }

    public static void EventfdSignal(int fd)
    {
        ulong one = 1;
        write(fd, &one, sizeof(ulong));
    }

    /// <summary>Sends two file descriptors over a connected Unix socket.</summary>
    public static void SendDescriptors(Socket socket, int first, int second)
    {
        byte payload = 1;
        var iov = new IoVector { Base = &payload, Length = 1 };
        byte* control = stackalloc byte[ControlBytes];
        new Span<byte>(control, ControlBytes).Clear();
        var header = (ControlHeader*)control;
        header->Length = (nuint)(sizeof(ControlHeader) + 2 * sizeof(int));
        header->Level = SolSocket;
        header->Type = ScmRights;
        var fds = (int*)(control + sizeof(ControlHeader));
        fds[0] = first;
        fds[1] = second;
        var message = new MessageHeader { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)ControlBytes };
        if (sendmsg((int)socket.Handle, &message, 0) != 1) throw new IOException($"sendmsg failed (errno {Marshal.GetLastPInvokeError()}).");
    }

    /// <summary>Receives the two file descriptors <see cref="SendDescriptors"/> sent.</summary>
    public static (int First, int Second) ReceiveDescriptors(Socket socket)
    {
        byte payload;
        var iov = new IoVector { Base = &payload, Length = 1 };
        byte* control = stackalloc byte[ControlBytes];
        var message = new MessageHeader { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)ControlBytes };
        if (recvmsg((int)socket.Handle, &message, 0) != 1) throw new IOException($"recvmsg failed (errno {Marshal.GetLastPInvokeError()}).");
        var fds = (int*)(control + sizeof(ControlHeader));
        return (fds[0], fds[1]);
    }

    private static int ControlBytes => sizeof(ControlHeader) + 2 * sizeof(int) + 8;

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ControlHeader
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int eventfd(uint initial, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint sendmsg(int fd, MessageHeader* message, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint recvmsg(int fd, MessageHeader* message, int flags);
}
