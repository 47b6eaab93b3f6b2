using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XCall.Hosting.Tests.Support;
using Xunit;

namespace XCall.Hosting.Tests;

public sealed class LifetimeTests
{
    [Fact]
    public async Task The_host_starts_the_runtime_and_stopping_the_host_shuts_it_down()
    {
        HostApplicationBuilder builder = TestHost.Builder();
        builder.Services.AddXCall(options => options.Cores = 2);
        using IHost host = builder.Build();

        await host.StartAsync();
        XCallRuntime runtime = host.Services.GetRequiredService<XCallRuntime>();
        Assert.Equal(1, Probe.CoreOn(runtime, 1));

        await host.StopAsync();
        Assert.True(runtime.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => Probe.CoreOn(runtime, 1));
    }

    [Fact]
    public async Task The_runtime_is_one_singleton_that_hosted_services_get_already_started()
    {
        HostApplicationBuilder builder = TestHost.Builder();
        builder.Services.AddHostedService<CallsAtStart>(); // registered first: it still finds the runtime running
        builder.Services.AddXCall(options => options.Cores = 2);
        using IHost host = builder.Build();

        await host.StartAsync();

        Assert.Equal(1, host.Services.GetServices<IHostedService>().OfType<CallsAtStart>().Single().CoreAtStart);
        Assert.Same(host.Services.GetRequiredService<XCallRuntime>(), host.Services.GetRequiredService<XCallRuntime>());
        await host.StopAsync();
    }

    [Fact]
    public async Task Stopping_the_host_runs_a_call_accepted_before_the_stop()
    {
        HostApplicationBuilder builder = TestHost.Builder();
        builder.Services.AddXCall(options => options.Cores = 1);
        using IHost host = builder.Build();
        await host.StartAsync();
        XCallRuntime runtime = host.Services.GetRequiredService<XCallRuntime>();
        using var gate = new ManualResetEventSlim();
        var counter = new StrongBox<int>();

        _ = Probe.HoldOn(runtime, 0, gate);                 // the core is busy until the gate opens...
        Ticket queued = Probe.CountOn(runtime, 0, counter); // ...so this call waits in its queue
        Task stopping = host.StopAsync();
        TestHost.WaitUntil(() => runtime.IsDisposed, "the runtime to stop accepting calls");
        Assert.Equal(0, counter.Value);
        gate.Set();
        await stopping.WaitAsync(TestHost.Generous);

        Assert.Equal(TicketStatus.Completed, queued.Status);
        Assert.Equal(1, counter.Value);
    }

    [Fact]
    public async Task Ipi_handlers_added_to_the_builder_receive_messages_once_the_host_started()
    {
        HostApplicationBuilder builder = TestHost.Builder();
        builder.Services.AddXCall(options => options.Cores = 2).AddIpiHandlers(IpiHandlers.Register);
        using IHost host = builder.Build();
        await host.StartAsync();
        XCallRuntime runtime = host.Services.GetRequiredService<XCallRuntime>();

        IpiHandlers.Send(runtime, 1, new Ping(41)).Wait(TestHost.Generous);

        Assert.Equal(41, PingHandler.LastValue);
        await host.StopAsync();
    }

    [Fact]
    public async Task Ipi_handlers_are_released_only_after_the_runtime_drained_so_a_message_sent_before_the_stop_reaches_them()
    {
        HostApplicationBuilder builder = TestHost.Builder();
        RecordedRegistration? registration = null;
        builder.Services.AddXCall(options => options.Cores = 1)
            .AddIpiHandlers(runtime => registration = new RecordedRegistration(runtime, IpiHandlers.Register(runtime)));
        using IHost host = builder.Build();
        await host.StartAsync();
        XCallRuntime runtime = host.Services.GetRequiredService<XCallRuntime>();
        using var gate = new ManualResetEventSlim();

        _ = Probe.HoldOn(runtime, 0, gate);
        Ticket queued = IpiHandlers.Send(runtime, 0, new Ping(42));
        Task stopping = host.StopAsync();
        TestHost.WaitUntil(() => runtime.IsDisposed, "the runtime to stop accepting calls");
        gate.Set();
        await stopping.WaitAsync(TestHost.Generous);

        Assert.Equal(TicketStatus.Completed, queued.Status);
        Assert.Equal(42, PingHandler.LastValue);
        Assert.True(registration!.DisposedAfterTheRuntime);
    }

    /// <summary>A hosted service that makes a sync call in its StartAsync.</summary>
    private sealed class CallsAtStart(XCallRuntime runtime) : IHostedService
    {
        public int CoreAtStart { get; private set; } = -1;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            CoreAtStart = Probe.CoreOn(runtime, 1);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The generated registrations, remembering whether the runtime had shut down when they were disposed.</summary>
    private sealed class RecordedRegistration(XCallRuntime runtime, IDisposable registrations) : IDisposable
    {
        public bool DisposedAfterTheRuntime { get; private set; }

        public void Dispose()
        {
            DisposedAfterTheRuntime = runtime.IsDisposed;
            registrations.Dispose();
        }
    }
}
