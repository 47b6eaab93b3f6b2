using System;
using BenchmarkDotNet.Running;
using XCall.Benchmarks;

// `--quick` prints every DESIGN §6 ratio in about a minute; anything else goes to BenchmarkDotNet.
if (Array.IndexOf(args, "--quick") >= 0) return QuickRun.Run();
BenchmarkSwitcher.FromAssembly(typeof(Workload).Assembly).Run(args);
return 0;
