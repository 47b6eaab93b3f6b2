using System;
using BenchmarkDotNet.Running;
using XCall.Benchmarks;

// `--quick` runs every case interleaved over rounds and prints each figure (see QuickRun); anything else goes to BenchmarkDotNet.
if (Array.IndexOf(args, "--quick") >= 0) return QuickRun.Run(args);
BenchmarkSwitcher.FromAssembly(typeof(Workload).Assembly).Run(args);
return 0;
