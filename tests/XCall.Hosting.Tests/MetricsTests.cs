using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XCall.Hosting.Tests.Support;
using Xunit;

namespace XCall.Hosting.Tests;

public sealed class MetricsTests
{
    [Fact]
    public async Task The_XCall_meter_comes_from_the_host_meter_factory()
    {
        HostApplicationBuilder builder = TestHost.Builder();
        builder.Services.AddXCall(options => (options.Cores, options.Name) = (2, "metered"));
        using IHost host = builder.Build();
        var meters = new List<Meter>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == "XCall" && instrument.Meter.Tags?.Contains(new("xcall.runtime", "metered")) == true)
                    lock (meters) meters.Add(instrument.Meter);
            },
        };
        listener.Start();

        await host.StartAsync();

        lock (meters)
        {
            Assert.NotEmpty(meters);
            Assert.All(meters, meter => Assert.Same(host.Services.GetRequiredService<IMeterFactory>(), meter.Scope));
        }
        await host.StopAsync();
    }
}
