using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using XCall.Hosting.Tests.Support;
using Xunit;

namespace XCall.Hosting.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task Every_option_binds_from_the_XCall_configuration_section()
    {
        HostApplicationBuilder builder = TestHost.Builder(new Dictionary<string, string?>
        {
            ["XCall:Cores"] = "3",
            ["XCall:QueueCapacity"] = "64",
            ["XCall:WhenQueueFull"] = "Throw",
            ["XCall:PollWindow"] = "00:00:00.0002",
            ["XCall:Chip"] = "Polling",
            ["XCall:StallTimeout"] = "00:00:05",
            ["XCall:DrainTimeout"] = "00:00:07",
            ["XCall:PinThreads"] = "false",
            ["XCall:CoreStackSize"] = "1048576",
            ["XCall:Name"] = "configured",
        });
        builder.Services.AddXCall();
        using IHost host = builder.Build();

        await host.StartAsync();
        XCallHostOptions options = host.Services.GetRequiredService<IOptions<XCallHostOptions>>().Value;
        XCallRuntime runtime = host.Services.GetRequiredService<XCallRuntime>();

        Assert.Equal((3, 64, FullQueuePolicy.Throw, TimeSpan.FromTicks(2_000), IpiChipKind.Polling),
            (options.Cores, options.QueueCapacity, options.WhenQueueFull, options.PollWindow, options.Chip));
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(7), false, 1 << 20, "configured"),
            (options.StallTimeout, options.DrainTimeout, options.PinThreads, options.CoreStackSize, options.Name));
        Assert.Equal((3, "configured"), (runtime.CoreCount, runtime.Name));
        Assert.IsType<PollingIpiChip>(runtime.Chip);
        await host.StopAsync();
    }

    [Fact]
    public async Task Options_set_in_code_apply_after_the_configuration_section()
    {
        HostApplicationBuilder builder = TestHost.Builder(new Dictionary<string, string?> { ["XCall:Cores"] = "3", ["XCall:Name"] = "from-config" });
        builder.Services.AddXCall(options => options.Name = "from-code");
        using IHost host = builder.Build();

        await host.StartAsync();
        XCallRuntime runtime = host.Services.GetRequiredService<XCallRuntime>();

        Assert.Equal((3, "from-code"), (runtime.CoreCount, runtime.Name));
        await host.StopAsync();
    }

    [Theory]
    [InlineData("00:05:00")]
    [InlineData("-00:00:00.001")] // Timeout.InfiniteTimeSpan: wait for everything
    public async Task A_drain_timeout_longer_than_the_host_shutdown_timeout_is_shortened_to_it(string drainTimeout)
    {
        HostApplicationBuilder builder = TestHost.Builder(new Dictionary<string, string?> { ["XCall:DrainTimeout"] = drainTimeout });
        builder.Services.AddXCall(options => options.Cores = 1);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(20));
        using IHost host = builder.Build();

        await host.StartAsync();
        FakeLogRecord started = host.WaitForLog(3);

        Assert.Equal(TimeSpan.FromSeconds(20).ToString(), started.State("DrainTimeout"));
        await host.StopAsync();
    }

    [Theory]
    [InlineData("XCall:QueueCapacity", "100", "XCall:QueueCapacity: QueueCapacity must be a power of two")]
    [InlineData("XCall:Cores", "0", "XCall:Cores: A runtime has 1 to")]
    [InlineData("XCall:CoreStackSize", "1024", "XCall:CoreStackSize: CoreStackSize must be at least 256 KiB.")]
    [InlineData("XCall:Cores", "four", "XCall:Cores")]
    [InlineData("XCall:StallTimeout", "soon", "XCall:StallTimeout")]
    [InlineData("XCall:Chip", "Quantum", "XCall:Chip")]
    [InlineData("XCall:Corse", "4", "Corse")]
    public async Task A_bad_configuration_value_fails_the_host_start_with_an_error_naming_its_key(string key, string value, string expected)
    {
        HostApplicationBuilder builder = TestHost.Builder(new Dictionary<string, string?> { [key] = value });
        builder.Services.AddXCall();
        using IHost host = builder.Build();

        Exception error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains(expected, error.Message);
        Assert.True(error is OptionsValidationException or InvalidOperationException, error.ToString());
    }
}
