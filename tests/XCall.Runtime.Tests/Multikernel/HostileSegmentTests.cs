using System;
using System.Collections.Concurrent;
using System.IO;
using System.Runtime.Versioning;
using System.Threading;
using XCall.Multikernel.Peer;
using Xunit;

namespace XCall.Tests.Multikernel;

/// <summary>
/// Segments and rings that lie: a peer's header that does not add up, a file that is not owner-only, stamps that point
/// out of the ring, records too large, padding that loops. Each is refused or cuts its peer off, reported, and the
/// reading process goes on.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed unsafe class HostileSegmentTests
{
    [LinuxTheory]
    [InlineData("magic", "magic")]
    [InlineData("version", "layout version")]
    [InlineData("size", "the file has")]
    [InlineData("cores", "cores")]
    [InlineData("shape", "SenderSlots")]
    [InlineData("instance", "names instance")]
    [InlineData("mode", "mode 0600")]
    [InlineData("short", "shorter than a segment header")]
    public void A_live_peer_segment_that_does_not_add_up_is_refused_and_reported(string tamper, string named)
    {
        string name = Member.UniqueName();
        var lost = new BlockingCollection<PeerLostEventArgs>();
        using var member = new Member(name, 0, lost: lost);
        using var fake = new FakeSegment(name, 1, tamper);
        fake.KnockAt(member.Instance); // as a peer that joins asks to be accepted

        Assert.True(lost.TryTake(out PeerLostEventArgs? refused, Wait.Generous), "the fake segment was not reported");
        Assert.Equal(InstanceUnavailableReason.Corrupt, refused!.Reason);
        Assert.Equal(1, refused.Instance);
        string problem = Assert.IsType<InvalidDataException>(refused.Problem).Message;
        Assert.True(problem.Contains(named, StringComparison.Ordinal), problem);
        Assert.False(member.Instance.IsLinked(1));
        IpiHandlers.Send(member.Runtime, 1, new Numbered(15, 0)).Wait(); // the instance works on
    }

    [LinuxTheory]
    [InlineData("stamp out of the ring")]
    [InlineData("record larger than a message")]
    [InlineData("padding after padding")]
    [InlineData("core the peer does not have")]
    public void A_peer_whose_ring_turns_corrupt_is_cut_off_and_the_reader_goes_on(string corruption)
    {
        string name = Member.UniqueName();
        Member.ResetCounters();
        var lost = new BlockingCollection<PeerLostEventArgs>();
        using var a = new Member(name, 0, lost: lost);
        using var b = new Member(name, 1);
        a.Link(1);
        b.Link(0);

        // A lane of b's (slot 7: none of b's threads uses it) in a's segment gets garbage, then a's cores look.
        SegmentLayout layout = a.Instance.Layout;
        byte* lane = a.Instance.File.Start + layout.LaneOffset(1, 7, 0);
        var records = (ulong*)(lane + SegmentLayout.RingOffset + Ring.BytesFor(0));
        switch (corruption)
        {
            case "stamp out of the ring":
                records[0] = ulong.MaxValue;
                break;
            case "record larger than a message":
                records[0] = MessageRecord.Tag(MessageTypes.Numbered, 0) | 40; // 39 units of body: 312 bytes
                break;
            case "padding after padding":
                records[0] = 0x101;
                records[1] = 0x101;
                break;
            case "core the peer does not have":
                records[0] = MessageRecord.Tag(MessageTypes.Numbered, 200) | 3;
                break;
        }
        var region = (RegionLine*)(a.Instance.File.Start + layout.RegionOffset(1));
        Interlocked.Or(ref region->ActiveSlots, 1UL << 7);
        a.Runtime.WakeUp(Target.All);

        Assert.True(lost.TryTake(out PeerLostEventArgs? cut, Wait.Generous), "the corrupt ring was not reported");
        Assert.Equal(InstanceUnavailableReason.Corrupt, cut!.Reason);
        Assert.IsType<InvalidDataException>(cut.Problem);
        var refused = Assert.Throws<InstanceUnavailableException>(() => IpiHandlers.SendToInstance(a.Runtime, 1, 0, new Ping(0)));
        Assert.Equal(InstanceUnavailableReason.Corrupt, refused.Reason);
        Thread.Sleep(100); // b still knocks: the cut-off incarnation is not linked again
        Assert.False(a.Instance.IsLinked(1));
        IpiHandlers.Send(a.Runtime, 1, new Numbered(15, 0)).Wait();
    }

    [LinuxFact]
    public void A_knock_that_names_no_segment_is_ignored()
    {
        string name = Member.UniqueName();
        using var a = new Member(name, 0);
        var region = (RegionLine*)(a.Instance.File.Start + a.Instance.Layout.RegionOffset(5));
        Volatile.Write(ref region->Knock, 0xDEAD_BEEFUL);
        a.Instance.SignalAttention();
        Thread.Sleep(100);
        Assert.Empty(a.Instance.Peers);
        IpiHandlers.Send(a.Runtime, 0, new Numbered(15, 0)).Wait();
    }

    /// <summary>A segment file for instance <c>id</c>, held by this process as if a live peer owned it, with one thing wrong.</summary>
    private sealed class FakeSegment : IDisposable
    {
        private readonly string _path;
        private readonly int _fd;

        public FakeSegment(string name, int id, string tamper)
        {
            _path = Member.SegmentPath(name, id);
            var layout = new SegmentLayout(2, 8, 8, 256, 4096, 16); // the shape Member joins with
            byte[] bytes = new byte[tamper == "short" ? 100 : layout.SegmentBytes];
            if (tamper != "short")
            {
                fixed (byte* start = bytes)
                {
                    var header = (SegmentHeader*)start;
                    layout.WriteHeader(header, id, incarnation: 42); // the knock names it
                    header->State = (int)InstanceState.Live;
                    switch (tamper)
                    {
                        case "magic": header->Magic = 0x1234; break;
                        case "version": header->LayoutVersion = 99; break;
                        case "size": header->SegmentBytes += 4096; break;
                        case "cores": header->Cores = 100_000; break;
                        case "shape": header->SenderSlots = 3; break;
                        case "instance": header->Instance = id + 1; break;
                    }
                }
            }
            // Written and locked under another name, then moved into place: the instance sees it whole or not at all.
            string written = _path + ".fake";
            File.WriteAllBytes(written, bytes);
            File.SetUnixFileMode(written, tamper == "mode" ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead : UnixFileMode.UserRead | UnixFileMode.UserWrite);
            _fd = Posix.TryOpen(written, Posix.ReadWrite);
            Assert.True(_fd >= 0 && Posix.TryLock(_fd, Posix.LockExclusive | Posix.LockNonBlocking), "could not hold the fake segment");
            File.Move(written, _path);
        }

        public void KnockAt(MultikernelInstance instance)
        {
            var region = (RegionLine*)(instance.File.Start + instance.Layout.RegionOffset(1));
            Volatile.Write(ref region->Knock, 42UL);
            instance.SignalAttention();
        }

        public void Dispose()
        {
            Posix.Close(_fd);
            File.Delete(_path);
        }
    }
}
