using System;
using System.Threading;

namespace XCall;

/// <summary>
/// The normal-priority lanes into one core, split so an idle sender costs the core nothing: the core polls only its
/// <em>active</em> lanes; a lane that stayed empty for a while goes <em>dormant</em>, and the first publish into a
/// dormant lane rings the core's doorbell (a lock-free list of rung lanes) instead of waiting to be polled.
/// </summary>
/// <remarks>
/// Going dormant races with a producer that publishes at the same moment: the core marks the lane dormant, then
/// (after a process-wide barrier, which it pays anyway before parking) looks at the lane once more; the producer
/// publishes, then reads the mark with no fence. The barrier makes it an asymmetric Dekker: either the core's last
/// look sees the record, or the producer sees the mark and rings. The call path pays one plain read.
/// </remarks>
internal sealed class LaneSet
{
    /// <summary>Poll rounds a lane stays active without work before it may go dormant.</summary>
    private const int IdleRounds = 1024;

    private Lane[] _all = [];           // copy-on-write, appended under the runtime's lock
    private Lane[] _active = new Lane[4]; // core-private
    private int _activeCount;
    private int _seen;                  // lanes of _all already taken into _active
    private int _cursor;                // where the next round starts, so no lane is always last
    private long _round;
    private PaddedRef _rung;            // the doorbell: a lock-free stack of lanes rung since the core last looked

    /// <summary>How many lanes the core polls every round (for footprint figures).</summary>
    public int ActiveCount => Volatile.Read(ref _activeCount);

    /// <summary>Every normal lane into the core (for statistics and waiting for what was issued).</summary>
    public Lane[] All => Volatile.Read(ref _all);

    /// <summary>Adds a lane (active from the start). Called under the runtime's lock.</summary>
    public void Add(Lane lane)
    {
        Lane[] all = _all;
        var grown = new Lane[all.Length + 1];
        all.CopyTo(grown, 0);
        grown[^1] = lane;
        Volatile.Write(ref _all, grown);
    }

    /// <summary>Producer, after publishing into a dormant lane: puts it on the doorbell list (once per dormancy).</summary>
    public void Ring(Lane lane)
    {
        if (!lane.TryRing()) return;
        Lane? head;
        do
        {
            head = Volatile.Read(ref _rung.Value) as Lane;
            lane.NextRung = head;
        }
        while (Interlocked.CompareExchange(ref _rung.Value, lane, head) != head);
    }

    /// <summary>Whether rung or new lanes wait to be taken into the active list.</summary>
    private bool HasNews => Volatile.Read(ref _rung.Value) is not null || Volatile.Read(ref _all).Length != _seen;

    /// <summary>Core: the active lanes for this round, rung and new lanes taken in first.</summary>
    public ReadOnlySpan<Lane> BeginRound(out int start)
    {
        _round++;
        if (HasNews) TakeNews();
        start = _cursor < _activeCount ? _cursor : 0;
        _cursor = start + 1;
        return _active.AsSpan(0, _activeCount);
    }

    /// <summary>Core: the lane had work this round.</summary>
    public void MarkBusy(Lane lane) => lane.Polling.LastBusyRound = _round;

    /// <summary>Core: whether a record waits in any lane (a rung lane has one: producers ring after publishing).</summary>
    public bool HasRecord()
    {
        if (Volatile.Read(ref _rung.Value) is not null) return true;
        for (int i = 0; i < _activeCount; i++)
            if (_active[i].ConsumerRing.HasRecord) return true;
        Lane[] all = Volatile.Read(ref _all);
        for (int i = _seen; i < all.Length; i++)
            if (all[i].ConsumerRing.HasRecord) return true;
        return false;
    }

    /// <summary>
    /// Core, when no poll is walking the active lanes: marks the lanes idle for a while (or all, before parking) as
    /// dormant; returns whether any was marked. The caller must then issue a process-wide barrier and call
    /// <see cref="SettleDormant"/>.
    /// </summary>
    public bool MarkIdleDormant(bool all)
    {
        bool any = false;
        for (int i = 0; i < _activeCount; i++)
        {
            Lane lane = _active[i];
            if (!all && _round - lane.Polling.LastBusyRound < IdleRounds) continue;
            lane.SetDormant(true);
            any = true;
        }
        return any;
    }

    /// <summary>
    /// Core, after the barrier: drops the dormant lanes from the active list, keeping any that got work meanwhile.
    /// Only when no poll is walking the list (compaction happens in place).
    /// </summary>
    public void SettleDormant()
    {
        int kept = 0;
        for (int i = 0; i < _activeCount; i++)
        {
            Lane lane = _active[i];
            if (lane.IsDormant && !lane.ConsumerRing.HasRecord)
            {
                lane.Polling.IsActive = false;
                continue;
            }
            if (lane.IsDormant) lane.SetDormant(false);
            _active[kept++] = lane;
        }
        Array.Clear(_active, kept, _activeCount - kept);
        _activeCount = kept;
    }

    private void TakeNews()
    {
        Lane[] all = Volatile.Read(ref _all);
        for (; _seen < all.Length; _seen++) Activate(all[_seen]);
        var lane = Interlocked.Exchange(ref _rung.Value, null) as Lane;
        while (lane is not null)
        {
            Lane? next = lane.NextRung;
            lane.NextRung = null;
            lane.SetDormant(false);
            if (!lane.Polling.IsActive) Activate(lane);
            lane = next;
        }
    }

    private void Activate(Lane lane)
    {
        if (_activeCount == _active.Length) Array.Resize(ref _active, _active.Length * 2);
        _active[_activeCount++] = lane;
        lane.Polling.IsActive = true;
        lane.Polling.LastBusyRound = _round;
    }
}
