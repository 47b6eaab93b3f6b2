using System;

namespace XCall;

/// <summary>What <see cref="XCallRuntime.HandlerFaulted"/> reports: a handler threw.</summary>
public sealed class HandlerFaultedEventArgs : EventArgs
{
    internal HandlerFaultedEventArgs(int core, string handler, Exception exception)
    {
        Core = core;
        Handler = handler;
        Exception = exception;
    }

    /// <summary>The core the handler ran on.</summary>
    public int Core { get; }

    /// <summary>The handler's name, for example <c>Tlb.Flush</c>.</summary>
    public string Handler { get; }

    /// <summary>What it threw.</summary>
    public Exception Exception { get; }
}

/// <summary>What <see cref="XCallRuntime.CallStalled"/> reports: a call has been running longer than the stall timeout.</summary>
public sealed class CallStalledEventArgs : EventArgs
{
    internal CallStalledEventArgs(int core, string handler, TimeSpan elapsed)
    {
        Core = core;
        Handler = handler;
        Elapsed = elapsed;
    }

    /// <summary>The core the call runs on.</summary>
    public int Core { get; }

    /// <summary>The handler's name, for example <c>Tlb.Flush</c>.</summary>
    public string Handler { get; }

    /// <summary>How long the core had made no progress when the stall was reported (at least the stall timeout).</summary>
    public TimeSpan Elapsed { get; }
}
