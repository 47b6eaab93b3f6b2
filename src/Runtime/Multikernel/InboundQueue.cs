using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace XCall;

/// <summary>
/// How this instance's cores take messages from other instances: every poll, each core drains its lanes from every
/// linked peer (the lanes of the peer's active slots), copies each message out, releases it, and runs the local
/// handlers of its type. A ring that turns out corrupt cuts its peer off (the link ends as corrupt); nothing a peer
/// wrote can make a core throw, read out of bounds or loop forever.
/// </summary>
internal sealed unsafe class InboundQueue(MultikernelInstance owner) : IInboundQueue
{
    public int Drain(Core core, int budget)
    {
        PeerLink?[] links = owner.Links;
        int ran = 0;
        foreach (PeerLink? link in links)
        {
            if (link is null || link.Ended is not null) continue;
            if (!link.IsOpenOn(core.Id))
            {
                link.OpenOn(core.Id);
                continue;
            }
            InboundLane[] lanes = link.LanesOn(core.Id);
            ulong active = link.ActiveSlots;
            while (active != 0 && ran < budget && link.Ended is null)
                ran += DrainLane(core, link, lanes[PeerLink.NextSlot(ref active)], budget - ran);
        }
        return ran;
    }

    public bool HasWork(Core core)
    {
        foreach (PeerLink? link in owner.Links)
        {
            if (link is null || link.Ended is not null) continue;
            if (!link.IsOpenOn(core.Id)) return true; // opening the lanes is work
            InboundLane[] lanes = link.LanesOn(core.Id);
            ulong active = link.ActiveSlots;
            while (active != 0)
                if (lanes[PeerLink.NextSlot(ref active)].Ring.HasRecord) return true;
        }
        return false;
    }

    [SkipLocalsInit]
    private int DrainLane(Core core, PeerLink link, InboundLane lane, int budget)
    {
        int ran = 0;
        while (ran < budget)
        {
            byte* body;
            ulong stamp;
            try
            {
                body = lane.Ring.TryTake(out stamp, out _);
            }
            catch (InvalidDataException corrupt)
            {
                owner.CutOff(link, corrupt);
                break;
            }
            if (body == null) break;
            int bytes = Ring.BodyBytes(stamp);
            int senderCore = MessageRecord.SenderCore(stamp);
            if (bytes > XCallRuntime.MaxPayloadSize || senderCore >= link.Cores)
            {
                owner.CutOff(link, new InvalidDataException($"Instance {link.Id} published a message of {bytes} bytes from core {senderCore}; it has {link.Cores} cores and a message carries at most {XCallRuntime.MaxPayloadSize} bytes."));
                break;
            }
            Unsafe.SkipInit(out RemoteEnvelope envelope); // only the bytes copied in are read (the size is checked first)
            envelope.Type = MessageRecord.Type(stamp);
            envelope.SenderInstance = link.Id;
            envelope.Size = bytes;
            // Copied out before it runs, and released at once: the handler reads private memory, and a message that
            // waits, however long, never holds the ring.
            Unsafe.CopyBlockUnaligned(ref Unsafe.As<PayloadBytes, byte>(ref envelope.Payload), ref *body, (uint)bytes);
            lane.Begin(lane.Ring.ConsumerRecords - 1);
            lane.Ring.Release();
            lane.End(faulted: Run(core, senderCore, ref envelope) is not null);
            ran++;
            if (link.Ended is not null) break; // cut off, or relinked, while a handler waited
        }
        if (ran != 0 && lane.TakeSignalRequest()) link.SignalAttention();
        return ran;
    }

    private static Exception? Run(Core core, int senderCore, ref RemoteEnvelope envelope)
    {
        if (core.IsCancelling) return Cancellation.ShutDown(core.Id); // shutdown past its drain timeout: the message does not run
        SlotRefs refs = default;
        var frame = new CallFrame(core.Runtime, core.Id, senderCore, ref Unsafe.As<RemoteEnvelope, byte>(ref envelope), ref refs, ref Unsafe.NullRef<byte>(), null, 0);
        return core.Invoke(RemoteIpiDispatch.Pointer, ref frame);
    }
}
