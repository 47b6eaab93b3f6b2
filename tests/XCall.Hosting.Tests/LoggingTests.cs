using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using XCall.Hosting.Tests.Support;
using Xunit;

namespace XCall.Hosting.Tests;

/// <summary>The event ids are documented in docs/hosting.md: these tests hold them to their numbers.</summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task A_handler_fault_is_logged_as_error_event_1_with_the_exception_its_handler_and_core()
    {
        HostApplicationBuilder builder = TestHost.Builder();
        builder.Services.AddXCall(options => (options.Cores, options.Name) = (2, "faulty"));
        using IHost host = builder.Build();
        await host.StartAsync();
        XCallRuntime runtime = host.Services.GetRequiredService<XCallRuntime>();

        Ticket ticket = Probe.FailOn(runtime, 1, 7);
        Assert.Throws<InvalidOperationException>(() => ticket.Wait(TestHost.Generous));
        FakeLogRecord record = host.WaitForLog(1);

        Assert.Equal("HandlerFaulted", record.Id.Name);
        Assert.Equal(LogLevel.Error, record.Level);
        Assert.Same(ticket.Exception, record.Exception);
        Assert.Equal("Probe.Fail", record.State("Handler"));
        Assert.Equal("1", record.State("Core"));
        Assert.Equal("faulty", record.State("Runtime"));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_stalled_call_is_logged_as_warning_event_2_with_its_handler_and_core()
    {
        HostApplicationBuilder builder = TestHost.Builder();
        builder.Services.AddXCall(options => (options.Cores, options.StallTimeout) = (2, TimeSpan.FromMilliseconds(50)));
        using IHost host = builder.Build();
        await host.StartAsync();
        XCallRuntime runtime = host.Services.GetRequiredService<XCallRuntime>();
        using var gate = new ManualResetEventSlim();

        _ = Probe.HoldOn(runtime, 1, gate); // runs until the stall is logged: no clock decides the test
        FakeLogRecord record = host.WaitForLog(2);
        gate.Set();

        Assert.Equal("CallStalled", record.Id.Name);
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Equal("Probe.Hold", record.State("Handler"));
        Assert.Equal("1", record.State("Core"));
        await host.StopAsync();
    }

    [Fact]
    public async Task Starting_and_stopping_are_logged_as_information_events_3_and_4()
    {
        HostApplicationBuilder builder = TestHost.Builder();
        builder.Services.AddXCall(options => (options.Cores, options.Name) = (3, "logged"));
        using IHost host = builder.Build();

        await host.StartAsync();
        FakeLogRecord started = host.WaitForLog(3);
        await host.StopAsync();
        FakeLogRecord stopped = host.WaitForLog(4);

        Assert.Equal(("RuntimeStarted", LogLevel.Information, "logged", "3"), (started.Id.Name, started.Level, started.State("Runtime"), started.State("Cores")));
        Assert.Equal(("RuntimeStopped", LogLevel.Information, "logged"), (stopped.Id.Name, stopped.Level, stopped.State("Runtime")));
        Assert.Equal("XCall.XCallRuntime", started.Category);
    }

    [Fact]
    public async Task A_drain_cut_short_by_the_host_shutdown_timeout_is_logged_as_warning_event_5_and_the_stop_returns()
    {
        HostApplicationBuilder builder = TestHost.Builder();
        builder.Services.AddXCall(options => options.Cores = 1);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromMilliseconds(100));
        using IHost host = builder.Build();
        await host.StartAsync();
        XCallRuntime runtime = host.Services.GetRequiredService<XCallRuntime>();
        using var gate = new ManualResetEventSlim();

        _ = Probe.HoldOn(runtime, 0, gate); // busy until after the host gave up waiting
        await host.StopAsync().WaitAsync(TestHost.Generous);
        FakeLogRecord record = host.WaitForLog(5);
        gate.Set();

        Assert.Equal(("DrainTimedOut", LogLevel.Warning), (record.Id.Name, record.Level));
    }
}
