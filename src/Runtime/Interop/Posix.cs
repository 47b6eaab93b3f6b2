using System;
using System.IO;
using System.Runtime.InteropServices;

namespace XCall;

/// <summary>
/// The Linux calls the multikernel mode needs: files under /dev/shm, their mappings and locks, file identity, and
/// futexes. Every failure becomes an <see cref="IOException"/> naming the call, the path and the errno.
/// </summary>
internal static unsafe partial class Posix
{
    public const int ReadWrite = 2;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;
    public const int CloseOnExec = 0x80000;

    public const int LockShared = 1;
    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;
    public const int Unlock = 8;

    public const int WouldBlock = 11; // EAGAIN (= EWOULDBLOCK)
    public const int NoEntry = 2;     // ENOENT
    public const int Exists = 17;     // EEXIST
    public const int Interrupted = 4; // EINTR
    public const int TimedOut = 110;  // ETIMEDOUT

    private const int ProtRead = 1;
    private const int ProtWrite = 2;
    private const int MapShared = 1;
    private const int MapPrivate = 2;
    private const int MapFixed = 0x10;
    private const int MapAnonymous = 0x20;
    private const int FutexWaitOperation = 0;
    private const int FutexWakeOperation = 1;
    private const int AtEmptyPath = 0x1000;
    private const int AtFdCwd = -100;
    private const uint StatxBasic = 0x7FF;

    /// <summary>Whether this machine has what the multikernel mode uses (Linux on x64 or arm64).</summary>
    public static bool IsSupported =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    private static long FutexCall => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 202 : 98;

    private static long StatxCall => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 332 : 291;

    public static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>The effective user id of this process.</summary>
    public static uint UserId => geteuid();

    /// <summary>Opens <paramref name="path"/>; −1 with <see cref="Errno"/> set on failure (the caller decides what a failure means).</summary>
    public static int TryOpen(string path, int flags, int mode = 0) => open(path, flags | CloseOnExec, mode);

    public static void Close(int fd) => close(fd);

    public static void Resize(int fd, long bytes, string path)
    {
        if (ftruncate(fd, bytes) != 0) throw Failure("ftruncate", path);
        // Allocate every page now: a page of a sparse file that cannot be allocated later (the tmpfs is full) would
        // fault in whoever touches it first, possibly a peer.
        int error = posix_fallocate(fd, 0, bytes);
        if (error != 0) throw new IOException($"posix_fallocate of {bytes} bytes for {path} failed (errno {error}): is /dev/shm full?");
    }

    /// <summary>Maps <paramref name="length"/> bytes of the file from <paramref name="offset"/> (page-aligned), shared.</summary>
    public static byte* Map(int fd, long offset, long length, bool writable, string path)
    {
        void* at = mmap(null, (nuint)length, writable ? ProtRead | ProtWrite : ProtRead, MapShared, fd, offset);
        if (at == (void*)-1) throw Failure("mmap", path);
        return (byte*)at;
    }

    /// <summary>Makes part of a mapping writable (a peer's segment is mapped read-only, then all but its header made writable).</summary>
    public static void MakeWritable(byte* start, long length, string path)
    {
        if (mprotect(start, (nuint)length, ProtRead | ProtWrite) != 0) throw Failure("mprotect", path);
    }

    /// <summary>Reads <paramref name="buffer"/>.Length bytes from the start of the file; how many it got.</summary>
    public static int ReadStart(int fd, Span<byte> buffer, string path)
    {
        fixed (byte* at = buffer)
        {
            nint got = pread(fd, at, (nuint)buffer.Length, 0);
            if (got < 0) throw Failure("pread", path);
            return (int)got;
        }
    }

    /// <summary>
    /// Replaces a mapping with private zero pages at the same address: the file is let go, and a pointer into the
    /// range that some thread still holds reads zeros (and writes go nowhere) instead of faulting.
    /// </summary>
    public static void Detach(byte* start, long length)
    {
        void* at = mmap(start, (nuint)length, ProtRead | ProtWrite, MapPrivate | MapAnonymous | MapFixed, -1, 0);
        if (at == (void*)-1) throw Failure("mmap (detach)", "a segment");
    }

    /// <summary>flock; false (never an exception) when a non-blocking request found the lock taken.</summary>
    public static bool TryLock(int fd, int operation) => flock(fd, operation) == 0;

    public static int Link(string existing, string created) => link(existing, created) == 0 ? 0 : Errno;

    public static int Unlink(string path) => unlink(path) == 0 ? 0 : Errno;

    /// <summary>What statx says about an open file, or about a path (<paramref name="fd"/> −1).</summary>
    public static bool TryIdentify(int fd, string? path, out FileIdentity identity)
    {
        byte* buffer = stackalloc byte[256];
        long result;
        fixed (byte* name = path is null ? "\0"u8 : System.Text.Encoding.UTF8.GetBytes(path + "\0"))
            result = syscall(StatxCall, path is null ? fd : AtFdCwd, (nint)name, path is null ? AtEmptyPath : 0, (nint)StatxBasic, (nint)buffer, 0);
        identity = result == 0
            ? new FileIdentity(*(ulong*)(buffer + 32), *(uint*)(buffer + 136), *(uint*)(buffer + 140), *(uint*)(buffer + 20), *(ushort*)(buffer + 28), *(long*)(buffer + 40))
            : default;
        return result == 0;
    }

    /// <summary>Blocks while <c>*word == expected</c>, until woken or the timeout passes (−1: no timeout).</summary>
    public static void FutexWaitWhile(int* word, int expected, int millisecondsTimeout)
    {
        if (millisecondsTimeout < 0)
        {
            syscall(FutexCall, (nint)word, FutexWaitOperation, expected, 0, 0, 0);
            return;
        }
        long* timeout = stackalloc long[2];
        timeout[0] = millisecondsTimeout / 1000;
        timeout[1] = millisecondsTimeout % 1000 * 1_000_000L;
        syscall(FutexCall, (nint)word, FutexWaitOperation, expected, (nint)timeout, 0, 0);
    }

    /// <summary>Wakes up to <paramref name="count"/> threads of any process blocked on <paramref name="word"/>.</summary>
    public static void FutexWake(int* word, int count) => syscall(FutexCall, (nint)word, FutexWakeOperation, count, 0, 0, 0);

    public static IOException Failure(string call, string path) =>
        new($"{call} failed for {path} (errno {Errno}: {Marshal.GetPInvokeErrorMessage(Errno)}).");

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ftruncate(int fd, long length);

    [LibraryImport("libc")]
    private static partial int posix_fallocate(int fd, long offset, long length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int mprotect(void* address, nuint length, int protection);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint pread(int fd, void* buffer, nuint count, long offset);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(int fd, int operation);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string existing, string created);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int unlink(string path);

    [LibraryImport("libc")]
    private static partial uint geteuid();

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6);
}

/// <summary>The identity and access of a file: which inode on which device, its owner, mode and size.</summary>
internal readonly record struct FileIdentity(ulong Inode, uint DeviceMajor, uint DeviceMinor, uint Owner, ushort Mode, long Size)
{
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    public bool IsSameFile(in FileIdentity other) => Inode == other.Inode && DeviceMajor == other.DeviceMajor && DeviceMinor == other.DeviceMinor;

    /// <summary>A regular file only its owner may read or write (mode 0600 or stricter).</summary>
    public bool IsOwnerOnlyFile => (Mode & TypeMask) == RegularFile && (Mode & 0x3F) == 0;
}
