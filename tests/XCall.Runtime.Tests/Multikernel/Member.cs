using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;
using XCall.Multikernel.Peer;
using Xunit;

namespace XCall.Tests.Multikernel;

/// <summary>A runtime of the test process joined to a multikernel, with the shared protocol's handlers registered.</summary>
internal sealed class Member : IDisposable
{
    private static int s_next;
    private readonly IpiHandlers.Registrations _handlers;

    /// <summary>Joins; <paramref name="lost"/>, if given, collects the instance's lost and refused peers from the start.</summary>
    public Member(string name, int id, int queueCapacity = 256, IpiChip? chip = null, BlockingCollection<PeerLostEventArgs>? lost = null)
    {
        Runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = chip ?? new MultikernelIpiChip(), Name = $"{name}.{id}" });
        _handlers = IpiHandlers.Register(Runtime);
        Instance = Runtime.JoinMultikernel(new MultikernelOptions { Name = name, Instance = id, QueueCapacity = queueCapacity, BufferCount = 16 });
        if (lost is not null) Instance.PeerLost += (_, e) => lost.Add(e);
    }

    public XCallRuntime Runtime { get; }

    public MultikernelInstance Instance { get; }

    /// <summary>A multikernel name no other test (or test run) uses.</summary>
    public static string UniqueName() => $"xcalltest-{Environment.ProcessId}-{Interlocked.Increment(ref s_next)}";

    /// <summary>Where instance <paramref name="id"/>'s segment lives.</summary>
    public static string SegmentPath(string name, int id) => $"/dev/shm/xcall.{name}.{id}";

    /// <summary>Fresh counters for the shared protocol's handlers.</summary>
    public static PeerCounters ResetCounters() => PeerProtocol.Current = new PeerCounters();

    public void Link(int peer) => Assert.True(Instance.WaitForInstance(peer, Wait.Generous), $"instance {peer} did not link with instance {Instance.Id}");

    public void Dispose()
    {
        Instance.Dispose();
        _handlers.Dispose();
        Runtime.Dispose();
        Assert.False(File.Exists(SegmentPath(Instance.Name, Instance.Id)), "the segment outlived its instance");
    }
}
