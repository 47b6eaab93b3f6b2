using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit;

namespace XCall.Hosting.Tests.Support;

/// <summary>Generic hosts for the tests: configuration in memory, logs into a fake collector, bounded waits.</summary>
internal static class TestHost
{
    /// <summary>A limit only a hang reaches; never used to assert on speed.</summary>
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A host as <c>Host.CreateApplicationBuilder</c> makes it, with <paramref name="configuration"/> as its only
    /// configuration, logs going to a fake collector, and a generous shutdown timeout unless the test sets one.
    /// </summary>
    public static HostApplicationBuilder Builder(IDictionary<string, string?>? configuration = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            Configuration = new ConfigurationManager(),
        });
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());
        builder.Logging.AddFakeLogging();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = Generous);
        return builder;
    }

    /// <summary>Waits (bounded) until the host logged an event with <paramref name="eventId"/>, and returns the first one.</summary>
    public static FakeLogRecord WaitForLog(this IHost host, int eventId)
    {
        FakeLogCollector logs = host.Services.GetFakeLogCollector();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (logs.GetSnapshot().FirstOrDefault(record => record.Id.Id == eventId) is { } record) return record;
            if (clock.Elapsed > Generous)
                Assert.Fail($"The host logged no event {eventId} within {Generous}; it logged:{Environment.NewLine}{string.Join(Environment.NewLine, logs.GetSnapshot())}");
            Thread.Sleep(1);
        }
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds.</summary>
    public static void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Generous) Assert.Fail($"Timed out waiting for {what}.");
            Thread.Sleep(1);
        }
    }

    /// <summary>The value of a named field of a log record's structured state.</summary>
    public static string? State(this FakeLogRecord record, string name) =>
        record.StructuredState!.Single(pair => pair.Key == name).Value;
}
