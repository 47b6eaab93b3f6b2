using System;
using System.Linq;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using XCall;
using XCall.Hosting;

// The namespace of IServiceCollection, as for the framework's own Add… methods: AddXCall needs no using of its own.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers XCall with a generic host.</summary>
public static class XCallServiceCollectionExtensions
{
    /// <summary>
    /// Registers an <see cref="XCallRuntime"/> singleton that starts with the host (before its hosted services) and
    /// drains when the host stops (after them, within the host's shutdown timeout). Its options are bound from the
    /// <c>XCall</c> configuration section, then <paramref name="configure"/> runs; handler faults and stalls are
    /// logged; its meter comes from the host's <see cref="System.Diagnostics.Metrics.IMeterFactory"/>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets options in code, after configuration was applied; null keeps them as configured.</param>
    /// <returns>A builder, to register IPI handlers with <see cref="XCallBuilder.AddIpiHandlers"/>.</returns>
    /// <remarks>
    /// Calling it again adds <paramref name="configure"/> to the same runtime. An unknown key in the <c>XCall</c>
    /// section, or an option out of range, fails the host's start with an error naming the key.
    /// </remarks>
    public static XCallBuilder AddXCall(this IServiceCollection services, Action<XCallHostOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<XCallHostOptions> options = services.AddOptions<XCallHostOptions>();
        if (!services.Any(service => service.ServiceType == typeof(XCallLifetime)))
        {
            options.BindConfiguration(XCallHostOptions.SectionName, binder => binder.ErrorOnUnknownConfiguration = true);
            services.AddMetrics();
            services.AddSingleton<XCallLifetime>();
            services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<XCallLifetime>());
            services.AddSingleton(provider => provider.GetRequiredService<XCallLifetime>().Runtime);
        }
        if (configure is not null) options.Configure(configure);
        return new XCallBuilder(services);
    }
}
