using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace XCall;

// The instance's service thread: it alone makes and ends links. It sleeps on the instance's attention word, which
// peers signal (a knock, room freed, a peer leaving) and cores signal (lanes opened, a peer cut off), and wakes on its
// own every few milliseconds to check that linked peers still live. It also wakes this process's threads that wait on
// what peers do: tickets of messages sent to them, and room in their rings.
public sealed unsafe partial class MultikernelInstance
{
    /// <summary>How often the service thread checks that peers live (a killed peer is noticed within this).</summary>
    private const int LivenessMilliseconds = 20;

    /// <summary>How often it wakes while threads wait on tickets of messages sent to peers.</summary>
    private const int WaiterPollMilliseconds = 1;

    private void Serve()
    {
        for (int id = 0; id < Layout.MaxInstances; id++)
            if (id != Id) Link(id, knock: 0);
        long nextCheck = 0;
        while (Volatile.Read(ref _state) == Live)
        {
            int timeout = Runtime.Waiters.HasWaiters ? WaiterPollMilliseconds : LivenessMilliseconds;
            if (WakeWord.Announce(Attention)) WakeWord.Block(Attention, timeout);
            if (Volatile.Read(ref _state) != Live) return;
            if (Runtime.IsDisposed)
            {
                // The cores stopped: nobody would run what peers send. Leave without waiting for them.
                if (Interlocked.CompareExchange(ref _state, Leaving, Live) == Live)
                {
                    StopAccepting();
                    Finish();
                }
                return;
            }
            AnswerKnocks();
            AcceptOpenedLinks();
            long now = Stopwatch.GetTimestamp();
            if (now >= nextCheck)
            {
                CheckPeersLive();
                nextCheck = now + Stopwatch.Frequency * LivenessMilliseconds / 1000;
            }
            ReapEndedLinks();
            if (Runtime.Waiters.HasWaiters) Runtime.Waiters.Poke();
            WakeRoomWaiters();
        }
    }

    /// <summary>A peer's knock that names an incarnation not linked yet (a peer that joined after this one) is answered by linking.</summary>
    private void AnswerKnocks()
    {
        for (int id = 0; id < Layout.MaxInstances; id++)
        {
            if (id == Id) continue;
            ulong knock = PeerLink.KnockIn(this, id);
            if (knock != 0 && Links[id]?.Incarnation != knock && Volatile.Read(ref _refused[id]) != knock) Link(id, knock);
        }
    }

    /// <summary>
    /// Links with instance <paramref name="id"/>'s segment, if it is live and sound (and is the incarnation that knocked,
    /// unless 0): the cores open their lanes from it, and this instance asks it to accept ours.
    /// </summary>
    private void Link(int id, ulong knock)
    {
        string path = SegmentFile.PathOf(Name, id);
        SegmentFile? file;
        SegmentLayout layout;
        try
        {
            file = SegmentFile.OpenPeer(path, id, Layout, out layout);
        }
        catch (Exception problem) when (problem is InvalidDataException or IOException)
        {
            Refuse(id, knock, problem);
            return;
        }
        if (file is null) return;
        ulong incarnation = file.Header->Incarnation;
        bool wanted = (knock == 0 || incarnation == knock) && Links[id]?.Incarnation != incarnation
            && Volatile.Read(ref _refused[id]) != incarnation && Volatile.Read(ref file.Header->State) == (int)InstanceState.Live && file.IsOwnerAlive();
        if (!wanted)
        {
            file.Dispose(); // another incarnation knocks or will; this one is gone, refused, or not live yet
            return;
        }
        if (Links[id] is { } old) old.End(Gone(old)); // the id restarted: its old incarnation is gone
        ReapEndedLinks();
        var link = new PeerLink(this, id, file, layout);
        link.ResetRegion();
        Volatile.Write(ref _losses[id], null);
        Volatile.Write(ref _everLinked, [.. _everLinked, link]);
        PeerLink?[] links = (PeerLink?[])_links.Clone();
        links[id] = link;
        Volatile.Write(ref _links, links); // release: cores that see the link see it whole
        link.Knock();
        foreach (Core core in Runtime.Cores) core.WakeUp(); // parked cores open their lanes now
    }

    /// <summary>A peer whose lanes every core here opened is accepted: its messages may come.</summary>
    private void AcceptOpenedLinks()
    {
        foreach (PeerLink? link in Links)
        {
            if (link is null || link.AcceptedHere || link.Ended is not null || !link.IsOpenOnAllCores()) continue;
            // Release: a peer that sees itself accepted sees the lanes zeroed.
            Volatile.Write(ref SegmentHeader.Accepted(Header)[link.Id], link.Incarnation);
            link.AcceptedHere = true;
            link.SignalAttention();
        }
    }

    /// <summary>Ends links whose peer's process is gone (its lock is free) or whose peer says it left.</summary>
    private void CheckPeersLive()
    {
        foreach (PeerLink? link in Links)
        {
            if (link is null || link.Ended is not null) continue;
            if (!link.File.IsOwnerAlive() || link.PeerState == InstanceState.Left) link.End(Gone(link));
        }
    }

    /// <summary>Removes ended links, withdraws their acceptance, reports them, and removes a dead peer's segment name.</summary>
    private void ReapEndedLinks()
    {
        PeerLink?[] links = Links;
        for (int id = 0; id < links.Length; id++)
        {
            if (links[id] is not { Ended: { } ended } link) continue;
            PeerLink?[] fewer = (PeerLink?[])Links.Clone();
            fewer[id] = null;
            Volatile.Write(ref _links, fewer);
            Volatile.Write(ref SegmentHeader.Accepted(Header)[id], 0UL);
            Volatile.Write(ref _losses[id], ended); // sends to the id say why, until it links again
            Interlocked.Increment(ref _peersLost);
            if (ended.Reason == InstanceUnavailableReason.Died) SegmentFile.RemoveIfAbandoned(link.File.Path);
            Report(new PeerLostEventArgs(id, link.ProcessId, ended.Reason, ended.InnerException));
        }
    }

    private void Refuse(int id, ulong knock, Exception problem)
    {
        if (knock != 0) Volatile.Write(ref _refused[id], knock);
        Report(new PeerLostEventArgs(id, 0, InstanceUnavailableReason.Corrupt, problem));
    }

    private InstanceUnavailableException Gone(PeerLink link) => link.PeerState == InstanceState.Left
        ? new InstanceUnavailableException(link.Id, InstanceUnavailableReason.Left, $"Instance {link.Id} of multikernel '{Name}' (process {link.ProcessId}) left.")
        : new InstanceUnavailableException(link.Id, InstanceUnavailableReason.Died, $"Instance {link.Id} of multikernel '{Name}' (process {link.ProcessId}) exited or was killed.");

    private void Report(PeerLostEventArgs lost)
    {
        if (PeerLost is not { } observers) return;
        try
        {
            observers(this, lost);
        }
        catch (Exception)
        {
            // An observer's exception must not stop the service thread.
        }
    }
}
