using System;
using Microsoft.Extensions.Logging;

namespace XCall.Hosting;

/// <summary>
/// Everything the hosted runtime logs, under the category <c>XCall.XCallRuntime</c>. The event ids are stable: they
/// are documented (docs/hosting.md) for log filters and alerts, so a number is never reused for another event.
/// </summary>
internal static partial class XCallLog
{
    [LoggerMessage(EventId = 1, EventName = "HandlerFaulted", Level = LogLevel.Error,
        Message = "Handler {Handler} threw on core {Core} of XCall runtime {Runtime}.")]
    public static partial void HandlerFaulted(ILogger logger, string handler, int core, string runtime, Exception exception);

    [LoggerMessage(EventId = 2, EventName = "CallStalled", Level = LogLevel.Warning,
        Message = "A call to {Handler} on core {Core} of XCall runtime {Runtime} has not finished after {Elapsed}.")]
    public static partial void CallStalled(ILogger logger, string handler, int core, string runtime, TimeSpan elapsed);

    [LoggerMessage(EventId = 3, EventName = "RuntimeStarted", Level = LogLevel.Information,
        Message = "XCall runtime {Runtime} started: {Cores} cores, {Chip} chip, drain timeout {DrainTimeout}.")]
    public static partial void RuntimeStarted(ILogger logger, string runtime, int cores, IpiChipKind chip, TimeSpan drainTimeout);

    [LoggerMessage(EventId = 4, EventName = "RuntimeStopped", Level = LogLevel.Information,
        Message = "XCall runtime {Runtime} stopped: every call it accepted ran or was cancelled.")]
    public static partial void RuntimeStopped(ILogger logger, string runtime);

    [LoggerMessage(EventId = 5, EventName = "DrainTimedOut", Level = LogLevel.Warning,
        Message = "XCall runtime {Runtime} was still draining when the host's shutdown timeout ran out; what is still queued ends as cancelled.")]
    public static partial void DrainTimedOut(ILogger logger, string runtime);
}
