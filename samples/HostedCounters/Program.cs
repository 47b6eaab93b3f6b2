using System;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XCall;
using XCall.Samples;
using XCall.Samples.HostedCounters;

// Per-core counters on the .NET generic host. AddXCall registers the runtime with its options from appsettings.json
// (the XCall section), starts it before the hosted services and drains it after them; handler faults and stalls go to
// the host's logging, the meter to its IMeterFactory. A hosted workload gets the runtime injected and uses it.

if (SampleArguments.Parse(args) is not { } arguments) return SampleArguments.UsageExitCode;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    ContentRootPath = AppContext.BaseDirectory, // appsettings.json beside the sample, wherever it is run from
});
if (arguments.Cores is int cores) builder.Configuration["XCall:Cores"] = cores.ToString(CultureInfo.InvariantCulture);
builder.Services.AddXCall().AddIpiHandlers(IpiHandlers.Register);
builder.Services.AddSingleton(arguments);
builder.Services.AddSingleton<WorkloadReport>();
builder.Services.AddHostedService<Workload>();

XCallRuntime runtime;
WorkloadReport report;
using (IHost host = builder.Build())
{
    runtime = host.Services.GetRequiredService<XCallRuntime>();
    report = host.Services.GetRequiredService<WorkloadReport>();
    Console.WriteLine($"Hosted counters: XCall runtime '{runtime.Name}' with {runtime.CoreCount} cores on the generic host ({Environment.ProcessorCount} CPUs).");
    Console.WriteLine();
    host.Run(); // until the workload asks the host to stop; stopping drains the runtime
} // disposing the host flushes its log output before the summary below

long countedAfterDrain = 0;
for (int core = 0; core < runtime.CoreCount; core++) countedAfterDrain += Counters.CountedBy(core);
long sent = report.SentAndWaited + report.SentBeforeStop;

Console.WriteLine();
new SummaryTable("Hosted counters summary", "measure", "value")
    .Row("increments sent and waited for", Format.Count(report.SentAndWaited))
    .Row("total read by an awaited broadcast", Format.Count(report.ReadByBroadcast))
    .Row("increments sent just before the stop, not waited for", Format.Count(report.SentBeforeStop))
    .Row("total counted once the host stopped", Format.Count(countedAfterDrain))
    .Print();
StatisticsTable.Print(runtime.GetStatistics());

var checks = new Checks();
checks.Expect(report.CheckpointReachedEveryCore, "the IPI handler registered by the host ran on every core");
checks.Expect(report.ReadByBroadcast == report.SentAndWaited, $"the awaited broadcast read {Format.Count(report.SentAndWaited)}");
checks.Expect(report.BadCallFaulted, "the bad call faulted its ticket (and the host logged it)");
checks.Expect(runtime.IsDisposed, "stopping the host shut the runtime down");
checks.Expect(countedAfterDrain == sent, $"the drain ran every accepted increment: {Format.Count(sent)}");
return checks.Report();
