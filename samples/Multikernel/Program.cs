using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using XCall;
using XCall.Samples;
using XCall.Samples.Multikernel;

// A multikernel of two processes: each is an instance with its own cores, and they share nothing but typed IPI
// messages and buffers passed by handle, through shared memory. Run without --instance and this process joins as
// instance 0 and starts a second copy of itself as instance 1; or run each instance yourself (--instance 0 and
// --instance 1, with the same --name). Instance 0 measures round trips and one-way throughput of messages to the
// other process and passes it shared buffers; instance 1 answers, checks, and reports what it received.

if (MultikernelArguments.Parse(args) is not { } arguments) return SampleArguments.UsageExitCode;
int self = arguments.Instance ?? 0;
int peer = 1 - self;
TimeSpan patience = TimeSpan.FromMinutes(arguments.Instance is null ? 1 : 10); // a person starting the other instance takes longer

using XCallRuntime runtime = XCallRuntime.Start(new XCallOptions { Cores = arguments.Sample.Cores ?? 2, Chip = new MultikernelIpiChip(), Name = $"multikernel-{self}" });
using IpiHandlers.Registrations handlers = IpiHandlers.Register(runtime); // before joining: messages may come at once
MultikernelInstance member = runtime.JoinMultikernel(new MultikernelOptions
{
    Name = arguments.Name,
    Instance = self,
    MaxInstances = 2,
    BufferSize = BlockContent.MaxLength,
    BufferCount = 64,
});
using PeerProcess? child = arguments.Instance is null ? PeerProcess.Start(arguments) : null;
Console.WriteLine($"Multikernel '{arguments.Name}': instance {self} is process {Environment.ProcessId} with {runtime.CoreCount} cores on {Environment.ProcessorCount} CPUs; waiting for instance {peer}.");
if (!member.WaitForInstance(peer, patience))
{
    Console.Error.WriteLine($"Instance {peer} did not join within {patience.TotalSeconds:F0} s.");
    member.Dispose();
    return 1;
}
Console.WriteLine($"Linked with instance {peer}.");
Console.WriteLine();
return self == 1 ? Respond(member, patience) : Drive(runtime, member, child, arguments.Sample.Smoke);

// Instance 1: the handlers do the work; it waits until instance 0 leaves, then says what it received.
static int Respond(MultikernelInstance member, TimeSpan patience)
{
    using var gone = new ManualResetEventSlim();
    member.PeerLost += (_, _) => gone.Set();
    if (!member.IsLinked(0)) gone.Set();
    gone.Wait(patience);
    member.Dispose();
    Report received = Kernel.Ledger.ToReport();
    new SummaryTable("Instance 1 summary", "measure", "value")
        .Row("numbered messages received", Format.Count(received.Numbered))
        .Row("blocks received by handle", Format.Count(received.BlocksIntact + received.BlocksDamaged))
        .Print();
    var checks = new Checks();
    checks.Expect(received.OutOfOrder == 0, "every stream arrived once and in order");
    checks.Expect(received.BlocksDamaged == 0, "every block arrived intact");
    return checks.Report();
}

// Instance 0: round trips, then one-way throughput, then blocks by handle; then it asks instance 1 what it received.
static int Drive(XCallRuntime runtime, MultikernelInstance member, PeerProcess? child, bool smoke)
{
    const int Peer = 1;
    int roundTrips = smoke ? 2_000 : 100_000;
    int messages = smoke ? 200_000 : 4_000_000;
    int blocks = smoke ? 2_000 : 100_000;
    Ledger ledger = Kernel.Ledger;

    // Round trips: a ping to a core of instance 1, whose handler answers with a pong to a core here.
    for (int i = 0; i < 1_000; i++) RoundTrip(runtime, ledger, -1 - i); // warm-up
    var trips = new double[roundTrips];
    for (int i = 0; i < roundTrips; i++)
    {
        long start = Stopwatch.GetTimestamp();
        RoundTrip(runtime, ledger, i);
        trips[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }
    Array.Sort(trips);

    // One-way throughput: two streams, one to each core of instance 1; done when the last message of each ran there.
    var progress = new ProgressLine("Sending messages", messages);
    var streams = new Ticket[2];
    for (int i = 0; i < messages; i++)
    {
        streams[i & 1] = IpiHandlers.SendToInstance(runtime, Peer, i & 1, new Numbered(i & 1, i >> 1));
        if ((i & 0xFFFF) == 0) progress.Report(i);
    }
    Ticket.WaitAll(streams);
    TimeSpan oneWay = progress.Complete();

    // Blocks by handle: fill one of this instance's shared buffers, send its handle; instance 1 checks and returns it.
    progress = new ProgressLine("Passing blocks", blocks);
    long bytes = 0;
    for (int sequence = 0; sequence < blocks; sequence++)
    {
        SharedBuffer buffer;
        while (!member.Buffers.TryRent(out buffer)) Thread.Yield(); // all 64 in flight: wait for instance 1 to return one
        int length = BlockContent.LengthOf(sequence);
        uint checksum = BlockContent.Fill(buffer.Span[..length], sequence);
        IpiHandlers.SendToInstance(runtime, Peer, sequence & 1, new BlockReady(sequence, buffer.Transfer(), length, checksum));
        bytes += length;
        if ((sequence & 0x3FF) == 0) progress.Report(sequence);
    }
    SpinWait.SpinUntil(() => Volatile.Read(ref ledger.Acknowledged) + Volatile.Read(ref ledger.AcknowledgedDamaged) == blocks, TimeSpan.FromMinutes(1));
    TimeSpan passing = progress.Complete();

    IpiHandlers.SendToInstance(runtime, Peer, 0, new ReportRequest(0)).Wait();
    SpinWait.SpinUntil(() => ledger.PeerReport is not null, TimeSpan.FromMinutes(1));
    Report received = ledger.PeerReport ?? default;
    MultikernelStatistics stats = member.GetStatistics();
    bool buffersBack = SpinWait.SpinUntil(() => member.Buffers.Available == member.Buffers.Capacity, TimeSpan.FromSeconds(10));

    new SummaryTable("Multikernel summary", "measure", "value")
        .Row("instances (processes) x cores / CPUs", $"2 x {runtime.CoreCount} / {Environment.ProcessorCount}")
        .Row("round trip to the other process, p50", $"{trips[roundTrips / 2]:F1} µs")
        .Row("round trip, p99 / p99.9", $"{trips[roundTrips * 99 / 100]:F1} / {trips[roundTrips * 999 / 1000]:F1} µs")
        .Row("one-way messages to the other process", $"{Format.Count(messages)} in {Format.Duration(oneWay)}")
        .Row("one-way throughput", Format.Rate(messages, oneWay))
        .Row("blocks passed by handle (not copied)", $"{Format.Count(blocks)}, {Format.Bytes(bytes)}")
        .Row("blocks per second", Format.Rate(blocks, passing))
        .Row("wake-ups sent to the other process's cores", $"{Format.Count(stats.WakeupsSent)} for {Format.Count(stats.MessagesSent)} messages")
        .Print();
    StatisticsTable.Print(runtime.GetStatistics());

    member.Dispose(); // leave: instance 1 sees it, reports and exits
    int childExit = child?.WaitForExit() ?? 0;

    var checks = new Checks();
    checks.Expect(received.Numbered == messages && received.OutOfOrder == 0, $"each of the {Format.Count(messages)} messages arrived exactly once, in order");
    checks.Expect(ledger.Pongs == roundTrips + 1_000, "every ping was answered");
    checks.Expect(ledger.Acknowledged == blocks && received.BlocksIntact == blocks, $"each of the {Format.Count(blocks)} blocks arrived intact (checksum)");
    checks.Expect(buffersBack, $"all {member.Buffers.Capacity} shared buffers came back to the pool");
    checks.Expect(runtime.GetStatistics().TotalFaults == 0, "no handler faulted");
    if (child is not null) checks.Expect(childExit == 0, "instance 1 verified what it received and exited cleanly");
    return checks.Report();
}

static void RoundTrip(XCallRuntime runtime, Ledger ledger, long sequence)
{
    _ = IpiHandlers.SendToInstance(runtime, 1, 0, new Ping(sequence));
    while (Volatile.Read(ref ledger.LastPong) != sequence) Thread.SpinWait(1);
}

/// <summary>The sample's own options, then the ones every sample takes.</summary>
internal sealed record MultikernelArguments(int? Instance, string Name, SampleArguments Sample)
{
    public static MultikernelArguments? Parse(string[] args)
    {
        int? instance = null;
        string? name = null;
        var rest = new System.Collections.Generic.List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--instance" && i + 1 < args.Length && int.TryParse(args[i + 1], out int id) && id is 0 or 1) instance = id;
            else if (args[i] == "--name" && i + 1 < args.Length) name = args[i + 1];
            else
            {
                rest.Add(args[i]);
                continue;
            }
            i++;
        }
        if (SampleArguments.Parse([.. rest]) is not { } sample) return null;
        // Started alone, the two processes share a name no other run uses; started by hand, both need the same one.
        return new MultikernelArguments(instance, name ?? (instance is null ? $"sample-{Environment.ProcessId}" : "multikernel-sample"), sample);
    }
}

/// <summary>Instance 1, started by instance 0 as a copy of this program; its output is shown once it exits.</summary>
internal sealed class PeerProcess : IDisposable
{
    private readonly Process _process;

    private PeerProcess(Process process) => _process = process;

    public static PeerProcess Start(MultikernelArguments arguments)
    {
        string host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(Kernel).Assembly.Location);
        foreach (string argument in new[] { "--instance", "1", "--name", arguments.Name }) start.ArgumentList.Add(argument);
        if (arguments.Sample.Smoke) start.ArgumentList.Add("--smoke");
        if (arguments.Sample.Cores is { } cores)
        {
            start.ArgumentList.Add("--cores");
            start.ArgumentList.Add($"{cores}");
        }
        return new PeerProcess(Process.Start(start)!);
    }

    /// <summary>Waits for instance 1 to exit, prints what it printed, and returns its exit code.</summary>
    public int WaitForExit()
    {
        System.Threading.Tasks.Task<string> output = _process.StandardOutput.ReadToEndAsync();
        if (!_process.WaitForExit(TimeSpan.FromMinutes(1))) _process.Kill();
        output.Wait(TimeSpan.FromSeconds(10));
        Console.WriteLine();
        Console.WriteLine($"--- instance 1 (process {_process.Id}) said ---");
        Console.Write(output.IsCompletedSuccessfully ? output.Result : "(nothing)\n");
        Console.WriteLine("---");
        return _process.HasExited ? _process.ExitCode : -1;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
    }
}
