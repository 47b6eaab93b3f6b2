using System;
using BenchmarkDotNet.Running;
using XCall.Benchmarks;

// `--quick [--rounds N]` prints every DESIGN §6 ratio in seconds; anything else goes to BenchmarkDotNet.
if (Array.IndexOf(args, "--quick") >= 0) return QuickRun.Run(args);
BenchmarkSwitcher.FromAssembly(typeof(Workload).Assembly).Run(args);
return 0;
