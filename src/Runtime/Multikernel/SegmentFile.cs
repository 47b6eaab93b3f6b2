using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace XCall;

/// <summary>
/// One instance's segment: a file under /dev/shm, mode 0600, mapped into every process of the multikernel. Its owner
/// holds an exclusive lock on it for as long as it lives; the kernel drops the lock when the owner exits or is
/// killed, so "the lock is free" means "the owner is gone" without heartbeats, and a recycled process id cannot
/// fool it.
/// </summary>
/// <remarks>
/// A new segment is built under a temporary name, locked, and only then linked to its real name, so the real name
/// always names a fully written, locked segment (or one whose owner died). Peers map the header page read-only.
/// </remarks>
internal sealed unsafe class SegmentFile : IDisposable
{
    private const string Directory = "/dev/shm";
    private const int OwnerOnly = 0x180; // 0600
    private const int ReclaimAttempts = 20;

    private readonly int _fd;
    private int _detached;

    private SegmentFile(int fd, string path, FileIdentity identity, byte* start, long length)
    {
        _fd = fd;
        Path = path;
        Identity = identity;
        Start = start;
        Length = length;
    }

    public string Path { get; }

    public FileIdentity Identity { get; }

    public byte* Start { get; }

    public long Length { get; }

    public SegmentHeader* Header => (SegmentHeader*)Start;

    /// <summary>The path of instance <paramref name="instance"/>'s segment in the multikernel <paramref name="name"/>.</summary>
    public static string PathOf(string name, int instance) => $"{Directory}/xcall.{name}.{instance}";

    /// <summary>
    /// Creates, locks, zeroes, fills (<paramref name="initialize"/>) and publishes the segment at <paramref name="path"/>,
    /// replacing one whose owner is gone.
    /// </summary>
    /// <exception cref="InvalidOperationException">A live process owns the segment already.</exception>
    public static SegmentFile Create(string path, long bytes, Action<IntPtr> initialize)
    {
        string temporary = $"{path}.{Environment.ProcessId}.tmp";
        Posix.Unlink(temporary); // left by an earlier process with our pid that died while joining
        int fd = Posix.TryOpen(temporary, Posix.ReadWrite | Posix.Create | Posix.Exclusive, OwnerOnly);
        if (fd < 0) throw Posix.Failure("open", temporary);
        byte* start = null;
        try
        {
            Posix.Resize(fd, bytes, temporary);
            if (!Posix.TryIdentify(fd, null, out FileIdentity identity) || !identity.IsOwnerOnlyFile)
                throw new IOException($"{temporary} is not an owner-only regular file (mode 0{Convert.ToString(identity.Mode & 0x1FF, 8)}); check the umask and /dev/shm.");
            if (!Posix.TryLock(fd, Posix.LockExclusive | Posix.LockNonBlocking)) throw Posix.Failure("flock", temporary);
            start = Posix.Map(fd, 0, bytes, writable: true, temporary);
            initialize((IntPtr)start);
            Publish(temporary, path);
            return new SegmentFile(fd, path, identity, start, bytes);
        }
        catch
        {
            if (start != null) Posix.Detach(start, bytes);
            Posix.Close(fd);
            throw;
        }
        finally
        {
            Posix.Unlink(temporary);
        }
    }

    /// <summary>
    /// Opens instance <paramref name="instance"/>'s segment at <paramref name="path"/> as a peer: checks it is an owner-only
    /// file of this user, reads and checks its header against <paramref name="ours"/>, then maps it (the header
    /// read-only). Null if there is no such file.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a segment this instance can use (the message says why).</exception>
    public static SegmentFile? OpenPeer(string path, int instance, in SegmentLayout ours, out SegmentLayout layout)
    {
        layout = default;
        int fd = Posix.TryOpen(path, Posix.ReadWrite);
        if (fd < 0)
        {
            if (Posix.Errno == Posix.NoEntry) return null;
            throw Posix.Failure("open", path);
        }
        try
        {
            if (!Posix.TryIdentify(fd, null, out FileIdentity identity)) throw Posix.Failure("statx", path);
            if (!identity.IsOwnerOnlyFile || identity.Owner != Posix.UserId)
                throw new InvalidDataException($"Refusing {path}: a segment must be a regular file of this user with mode 0600 (it has owner {identity.Owner}, mode 0{Convert.ToString(identity.Mode & 0x1FF, 8)}).");
            Span<byte> page = stackalloc byte[SegmentLayout.PageBytes];
            if (Posix.ReadStart(fd, page, path) < SegmentLayout.PageBytes)
                throw new InvalidDataException($"Refusing {path}: it is shorter than a segment header ({identity.Size} bytes).");
            fixed (byte* header = page) layout = ours.ReadPeer((SegmentHeader*)header, identity.Size, instance, path);
            byte* start = Posix.Map(fd, 0, layout.SegmentBytes, writable: false, path);
            Posix.MakeWritable(start + SegmentLayout.SharedOffset, layout.SegmentBytes - SegmentLayout.SharedOffset, path);
            return new SegmentFile(fd, path, identity, start, layout.SegmentBytes);
        }
        catch
        {
            Posix.Close(fd);
            throw;
        }
    }

    /// <summary>Whether the owner still holds its lock (is alive). A peer's shared lock, when it gets one, is let go at once.</summary>
    public bool IsOwnerAlive()
    {
        if (!Posix.TryLock(_fd, Posix.LockShared | Posix.LockNonBlocking)) return true;
        Posix.TryLock(_fd, Posix.Unlock);
        return false;
    }

    /// <summary>
    /// Removes the segment at <paramref name="path"/> if its owner is gone; true if no live owner holds it. Only a holder of
    /// the segment's lock removes its name, and only after checking the name still names that segment, so a new
    /// segment published meanwhile under the same name is never removed.
    /// </summary>
    public static bool RemoveIfAbandoned(string path)
    {
        int fd = Posix.TryOpen(path, Posix.ReadWrite);
        if (fd < 0) return Posix.Errno == Posix.NoEntry;
        try
        {
            if (!Posix.TryLock(fd, Posix.LockExclusive | Posix.LockNonBlocking)) return false;
            if (Posix.TryIdentify(fd, null, out FileIdentity held) && Posix.TryIdentify(-1, path, out FileIdentity named) && held.IsSameFile(named))
                Posix.Unlink(path);
            return true;
        }
        finally
        {
            Posix.Close(fd); // drops the lock
        }
    }

    /// <summary>Owner, leaving: removes the segment's name (if it still names this segment).</summary>
    public void Unpublish()
    {
        if (Posix.TryIdentify(-1, Path, out FileIdentity named) && named.IsSameFile(Identity)) Posix.Unlink(Path);
    }

    /// <summary>Lets go of the file's pages: the range stays mapped to private zero pages (see <see cref="Posix.Detach"/>).</summary>
    public void Detach()
    {
        if (Interlocked.Exchange(ref _detached, 1) == 0) Posix.Detach(Start, Length);
    }

    /// <summary>Closes the file (and so drops the owner's lock); the mapping is detached first.</summary>
    public void Dispose()
    {
        Detach();
        Posix.Close(_fd);
    }

    /// <summary>Links the written segment to its name, replacing a segment whose owner is gone.</summary>
    private static void Publish(string temporary, string path)
    {
        for (int attempt = 0; ; attempt++)
        {
            int error = Posix.Link(temporary, path);
            if (error == 0) return;
            if (error != Posix.Exists) throw new IOException($"link {temporary} to {path} failed (errno {error}).");
            // A peer checking whether the old owner lives holds a shared lock for a moment: look again shortly.
            if (!RemoveIfAbandoned(path) && attempt >= ReclaimAttempts) throw InUse(path);
            if (attempt > 0) Thread.Sleep(5);
        }
    }

    private static InvalidOperationException InUse(string path)
    {
        string owner = "another process";
        int fd = Posix.TryOpen(path, Posix.ReadWrite);
        if (fd >= 0)
        {
            Span<byte> page = stackalloc byte[SegmentLayout.LineBytes];
            if (Posix.ReadStart(fd, page, path) == page.Length)
            {
                fixed (byte* header = page) owner = $"process {((SegmentHeader*)header)->Pid}";
            }
            Posix.Close(fd);
        }
        Debug.Assert(path.StartsWith(Directory, StringComparison.Ordinal));
        return new InvalidOperationException($"{path} is in use by {owner}: that instance id has joined already. Use another id, or wait for it to leave.");
    }
}
