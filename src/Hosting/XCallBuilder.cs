using System;
using Microsoft.Extensions.DependencyInjection;

namespace XCall.Hosting;

/// <summary>What <c>AddXCall</c> returns: adds more to the hosted runtime.</summary>
public sealed class XCallBuilder
{
    internal XCallBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection the runtime is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers IPI handlers when the runtime starts, and releases them once it has drained on stop (so messages
    /// accepted before the stop still reach them). Pass the generated table of an assembly's handlers:
    /// <c>.AddIpiHandlers(IpiHandlers.Register)</c>; call it once per assembly that has handlers.
    /// </summary>
    /// <param name="register">Registers handlers with the runtime and returns what unregisters them.</param>
    /// <returns>This builder.</returns>
    public XCallBuilder AddIpiHandlers(Func<XCallRuntime, IDisposable> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        Services.AddSingleton(new IpiHandlerSet(register));
        return this;
    }
}
