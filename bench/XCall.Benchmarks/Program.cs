using System;
using BenchmarkDotNet.Running;
using XCall.Benchmarks;

// `--quick` runs every case interleaved over rounds and prints each figure (see QuickRun); anything else goes to BenchmarkDotNet.
if (Array.IndexOf(args, "--quick") >= 0) return QuickRun.Run(args);
// `--multikernel [--rounds N]` measures messages to another process (which it starts as `--multikernel-peer …`).
if (Array.IndexOf(args, "--multikernel") >= 0 && OperatingSystem.IsLinux()) return MultikernelRun.Run(args);
if (args is ["--multikernel-peer", string name, string socket, string wake] && OperatingSystem.IsLinux()) return XCall.Benchmarks.Multikernel.PeerRole.Run(name, socket, wake);
BenchmarkSwitcher.FromAssembly(typeof(Workload).Assembly).Run(args);
return 0;
