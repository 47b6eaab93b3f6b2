using System;
using System.Threading;

namespace XCall;

/// <summary>
/// The failed outcomes (faults and cancellations) of one source's finished calls, by token, so a ticket asked long
/// after its call ran still reports how it ended. Bounded: it keeps the newest <see cref="Capacity"/> failures, and
/// remembers the lowest token it can still vouch for, so a ticket older than that reads
/// <see cref="TicketStatus.Expired"/> — never <see cref="TicketStatus.Completed"/> for a call that failed.
/// </summary>
/// <remarks>
/// One writer at a time (the core that ran the calls, or the owner reusing a group or request); any number of
/// readers, without locks: each entry is read seqlock-style, and an entry is invalidated only after the watermark
/// that covers its token was raised.
/// </remarks>
internal sealed class OutcomeLog
{
    /// <summary>Failures kept per source (a lane, a group, a private request).</summary>
    public const int Capacity = 1024;

    private static readonly Exception s_cancelled = new OperationCanceledException();

    private readonly Entry[] _entries = new Entry[Capacity];
    private long _written;
    private long _expiredBelow; // tokens below this may have had a failure that was dropped

    public OutcomeLog()
    {
        for (int i = 0; i < _entries.Length; i++) _entries[i].Token = -1; // no call has token −1
    }

    /// <summary>Writer: records that the call with <paramref name="token"/> threw <paramref name="fault"/>, or was cancelled (null).</summary>
    public void Record(long token, Exception? fault)
    {
        ref Entry entry = ref _entries[(int)(_written % Capacity)];
        if (_written >= Capacity)
        {
            long dropped = Volatile.Read(ref entry.Token);
            // Release: a reader that finds the entry gone sees the raised watermark (it reads the entry first).
            if (dropped + 1 > _expiredBelow) Volatile.Write(ref _expiredBelow, dropped + 1);
        }
        Volatile.Write(ref entry.Token, -1);
        entry.Fault = fault ?? s_cancelled;
        Volatile.Write(ref entry.Token, token); // release: the fault above is visible with the token
        _written++;
    }

    /// <summary>How the finished call with <paramref name="token"/> ended.</summary>
    public TicketStatus Lookup(long token, out Exception? fault)
    {
        int filled = (int)Math.Min(Volatile.Read(ref _written), Capacity);
        for (int i = 0; i < filled; i++)
        {
            ref Entry entry = ref _entries[i];
            if (Volatile.Read(ref entry.Token) != token) continue;
            Exception? found = Volatile.Read(ref entry.Fault);
            if (Volatile.Read(ref entry.Token) != token) break; // rewritten meanwhile: its watermark covers it now
            fault = ReferenceEquals(found, s_cancelled) ? null : found;
            return fault is null ? TicketStatus.Cancelled : TicketStatus.Faulted;
        }
        fault = null;
        return token < Volatile.Read(ref _expiredBelow) ? TicketStatus.Expired : TicketStatus.Completed;
    }

    private struct Entry
    {
        public long Token;
        public Exception? Fault;
    }
}
