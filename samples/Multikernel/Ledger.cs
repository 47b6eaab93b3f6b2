using System.Threading;

namespace XCall.Samples.Multikernel;

/// <summary>What one instance received. Handlers write it (each stream goes to one core); the program reads it.</summary>
internal sealed class Ledger
{
    public const int Streams = 8;

    private readonly long[] _next = new long[Streams];
    public long Pongs;
    public long LastPong = -1;
    public long Numbered;
    public long OutOfOrder;
    public long BlocksIntact;
    public long BlocksDamaged;
    public long Acknowledged;
    public long AcknowledgedDamaged;
    private Report _peerReport;
    private int _peerReported;

    /// <summary>Counts a numbered message; one that is not the next of its stream (lost, repeated, reordered) is an error.</summary>
    public void RecordNumbered(int stream, long sequence)
    {
        if ((uint)stream >= Streams || sequence != _next[stream]) Interlocked.Increment(ref OutOfOrder);
        else _next[stream]++;
        Interlocked.Increment(ref Numbered);
    }

    /// <summary>The other instance's report, once it came (written by one core, read by the program after).</summary>
    public Report? PeerReport => Volatile.Read(ref _peerReported) != 0 ? _peerReport : null;

    public void RecordPeerReport(in Report report)
    {
        _peerReport = report;
        Volatile.Write(ref _peerReported, 1); // release: a reader that sees the flag sees the report
    }

    public Report ToReport() => new(Volatile.Read(ref Numbered), Volatile.Read(ref OutOfOrder), Volatile.Read(ref BlocksIntact), Volatile.Read(ref BlocksDamaged));
}
