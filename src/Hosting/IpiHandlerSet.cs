using System;

namespace XCall.Hosting;

/// <summary>One <c>AddIpiHandlers</c> call: how to register a set of IPI handlers with the runtime the host starts.</summary>
internal sealed record IpiHandlerSet(Func<XCallRuntime, IDisposable> Register);
