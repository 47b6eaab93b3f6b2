using System;
using System.Threading;
using XCall;
using XCall.Multikernel.Peer;

// The other process of the multikernel tests: joins as an instance, links with the test's instance, then does what
// the test writes on its standard input, one command a line, and answers on its standard output. It leaves and exits
// when told to, or when its standard input closes (the test ended or died), so it never outlives the test.
//
//   numbered <stream> <count> <core>   sends <count> numbered messages to <core> of the test's instance, then "sent"
//   pings <count>                      sends <count> pings to the test's core 0 and waits for the pongs, then "ponged"
//   blocks <count>                     passes <count> shared buffers to the test's core 1, waits for the checks, then "blocks <intact>"
//   flood                              sends pings to the test's core 0 until told otherwise or killed
//   counts                             prints "counts <numbered> <out of order> <pings> <intact blocks>"
//   leave                              leaves the multikernel and exits

if (args.Length < 3 || !int.TryParse(args[1], out int instance) || !int.TryParse(args[2], out int peer))
{
    Console.Error.WriteLine("usage: XCall.Multikernel.Peer <name> <instance> <peer instance> [queue capacity]");
    return 2;
}
int queue = args.Length > 3 ? int.Parse(args[3]) : 256;
TimeSpan patience = TimeSpan.FromSeconds(60);

using XCallRuntime runtime = XCallRuntime.Start(new XCallOptions { Cores = 2, Chip = new MultikernelIpiChip(), Name = $"peer{instance}" });
using IpiHandlers.Registrations handlers = IpiHandlers.Register(runtime);
using MultikernelInstance self = runtime.JoinMultikernel(new MultikernelOptions { Name = args[0], Instance = instance, QueueCapacity = queue, BufferCount = 16 });
if (!self.WaitForInstance(peer, patience))
{
    Console.WriteLine("no peer");
    return 3;
}
Console.WriteLine("ready");

while (Console.ReadLine() is { } line)
{
    string[] command = line.Split(' ');
    switch (command[0])
    {
        case "numbered":
            int stream = int.Parse(command[1]);
            long count = long.Parse(command[2]);
            int core = int.Parse(command[3]);
            Ticket last = default;
            for (long sequence = 0; sequence < count; sequence++) last = IpiHandlers.SendToInstance(runtime, peer, core, new Numbered(stream, sequence));
            Console.WriteLine(last.Wait(patience) ? "sent" : "timeout");
            break;
        case "pings":
            long pings = long.Parse(command[1]);
            long before = Volatile.Read(ref PeerProtocol.Current.Pongs);
            for (long sequence = 0; sequence < pings; sequence++) _ = IpiHandlers.SendToInstance(runtime, peer, 0, new Ping(sequence));
            Console.WriteLine(SpinWait.SpinUntil(() => Volatile.Read(ref PeerProtocol.Current.Pongs) - before == pings, patience) ? "ponged" : "timeout");
            break;
        case "blocks":
            long blocks = long.Parse(command[1]);
            long confirmed = Volatile.Read(ref PeerProtocol.Current.BlocksConfirmed);
            for (long sequence = 0; sequence < blocks; sequence++)
            {
                SharedBuffer buffer;
                while (!self.Buffers.TryRent(out buffer)) Thread.Yield(); // the test returns them as it checks them
                int length = 100 + (int)(sequence % 3000);
                uint checksum = PeerProtocol.Fill(buffer.Span[..length], sequence);
                _ = IpiHandlers.SendToInstance(runtime, peer, 1, new Block(sequence, buffer.Transfer(), length, checksum));
            }
            bool checkedAll = SpinWait.SpinUntil(() => Volatile.Read(ref PeerProtocol.Current.BlocksConfirmed) - confirmed + Volatile.Read(ref PeerProtocol.Current.BlocksDamaged) >= blocks, patience);
            Console.WriteLine(checkedAll ? $"blocks {Volatile.Read(ref PeerProtocol.Current.BlocksConfirmed) - confirmed}" : "timeout");
            break;
        case "flood":
            var flooder = new Thread(() =>
            {
                for (long sequence = 0; ; sequence++) IpiHandlers.TrySendToInstance(runtime, peer, 0, new Ping(sequence), out _);
            }) { IsBackground = true };
            flooder.Start();
            Console.WriteLine("flooding");
            break;
        case "counts":
            PeerCounters counts = PeerProtocol.Current;
            Console.WriteLine($"counts {Volatile.Read(ref counts.Numbered)} {Volatile.Read(ref counts.OutOfOrder)} {Volatile.Read(ref counts.Pings)} {Volatile.Read(ref counts.IntactBlocks)}");
            break;
        case "leave":
            return 0;
        default:
            Console.WriteLine($"unknown command {command[0]}");
            break;
    }
}
return 0;
