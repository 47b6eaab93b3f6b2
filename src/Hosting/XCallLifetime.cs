using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace XCall.Hosting;

/// <summary>
/// Owns the hosted runtime: starts it before any hosted service starts (or when something resolves it first), with its
/// IPI handlers registered and its faults and stalls logged; drains it after every hosted service has stopped, within
/// what is left of the host's shutdown timeout.
/// </summary>
internal sealed class XCallLifetime : IHostedLifecycleService
{
    private readonly XCallHostOptions _options;
    private readonly TimeSpan _shutdownTimeout;
    private readonly IMeterFactory _meterFactory;
    private readonly IpiHandlerSet[] _handlerSets;
    private readonly ILogger _logger;
    private readonly Lazy<XCallRuntime> _runtime;
    private readonly List<IDisposable> _registrations = [];

    public XCallLifetime(
        IOptions<XCallHostOptions> options,
        IOptions<HostOptions> hostOptions,
        IMeterFactory meterFactory,
        IEnumerable<IpiHandlerSet> handlerSets,
        ILogger<XCallRuntime> logger)
    {
        _options = options.Value;
        _shutdownTimeout = hostOptions.Value.ShutdownTimeout;
        _meterFactory = meterFactory;
        _handlerSets = [.. handlerSets];
        _logger = logger;
        // A failed start is remembered: every later use gets the same configuration error.
        _runtime = new Lazy<XCallRuntime>(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The runtime, started on first use.</summary>
    public XCallRuntime Runtime => _runtime.Value;

    /// <summary>Starts the runtime before the hosted services start, so none of them sees it missing.</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _ = Runtime;
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Drains the runtime once every hosted service has stopped (nothing sends any more), then releases the IPI handler
    /// registrations. Returns when that is done or when the host's shutdown timeout runs out, whichever is first.
    /// </summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (!_runtime.IsValueCreated) return;
        XCallRuntime runtime = _runtime.Value;
        // Disposal blocks while the cores drain: on a thread of its own (not a pool thread the shutdown timer may need),
        // so that the shutdown token can cut the wait short.
        Task drain = Task.Factory.StartNew(() =>
        {
            runtime.Dispose();
            foreach (IDisposable registration in Enumerable.Reverse(_registrations)) registration.Dispose();
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await drain.WaitAsync(cancellationToken).ConfigureAwait(false);
            XCallLog.RuntimeStopped(_logger, runtime.Name);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            XCallLog.DrainTimedOut(_logger, runtime.Name);
        }
    }

    private XCallRuntime Start()
    {
        XCallOptions options = _options.ToRuntimeOptions(_shutdownTimeout, _meterFactory);
        XCallRuntime runtime;
        try
        {
            runtime = XCallRuntime.Start(options);
        }
        catch (Exception error) when (error is ArgumentException or PlatformNotSupportedException)
        {
            throw InvalidOptions(error);
        }
        runtime.HandlerFaulted += (_, fault) => XCallLog.HandlerFaulted(_logger, fault.Handler, fault.Core, runtime.Name, fault.Exception);
        runtime.CallStalled += (_, stall) => XCallLog.CallStalled(_logger, stall.Handler, stall.Core, runtime.Name, stall.Elapsed);
        try
        {
            foreach (IpiHandlerSet set in _handlerSets) _registrations.Add(set.Register(runtime));
        }
        catch
        {
            runtime.Dispose();
            throw;
        }
        XCallLog.RuntimeStarted(_logger, runtime.Name, runtime.CoreCount, _options.Chip, options.DrainTimeout);
        return runtime;
    }

    /// <summary>The runtime's own complaint about an option, as an options error that names its configuration key.</summary>
    private static OptionsValidationException InvalidOptions(Exception error)
    {
        string key = error is ArgumentException { ParamName: { } name } ? $"{XCallHostOptions.SectionName}:{name}" : XCallHostOptions.SectionName;
        string problem = error is ArgumentException argument ? argument.Message.Split(Environment.NewLine)[0].Replace($" (Parameter '{argument.ParamName}')", "") : error.Message;
        return new OptionsValidationException(Options.DefaultName, typeof(XCallHostOptions), [$"{key}: {problem}"]);
    }
}
