using System;
using Xunit;
using static XCall.Generator.Tests.Infrastructure.Runtimes;

namespace XCall.Generator.Tests.EndToEnd;

/// <summary>
/// A null where a generated sender needs an object is an <see cref="ArgumentNullException"/> naming the sender's
/// parameter, thrown before anything is sent, as the runtime's own methods do.
/// </summary>
public sealed class NullArgumentTests : IDisposable
{
    private readonly XCallRuntime _runtime = Threaded();

    public NullArgumentTests() => Counters.Reset();

    public void Dispose() => _runtime.Dispose();

    [Fact]
    public void Every_kind_of_cross_call_sender_rejects_a_null_runtime()
    {
        XCallRuntime none = null!;
        Action[] senders =
        [
            () => Counters.AddOn(none, 1, 1),
            () => Counters.AddOn(none, 1, 1, Patience),
            () => Counters.TryAddOn(none, 1, 1, out _),
            () => Counters.AddOnAll(none, 1),
            () => Counters.WhereAmIOnAll(none, stackalloc int[2]),
            () => Counters.TryAddOnOthers(none, 1),
            () => Counters.AddOnMask(none, CoreMask.Of(1), static _ => true, 1),
            () => Counters.ResetHereOnAny(none, CoreMask.Of(1)),
            () => Counters.IncrementOn(none, 1),
            () => Counters.TryIncrementOnAll(none, out _),
            () => Counters.AddOnAsync(none, 1, 1),
            () => Counters.ResetHereOnAnyAsync(none, CoreMask.Of(1)),
            () => Counters.WhereAmIOnAllAsync(none, new int[2]),
            () => Counters.IncrementOnAllAsync(none),
            () => Counters.AddOn(none, 1, new XCallRequest(), 1),
        ];

        Assert.All(senders, sender => Assert.Equal("runtime", Assert.Throws<ArgumentNullException>(sender).ParamName));
    }

    [Fact]
    public void A_null_request_batch_or_condition_is_rejected_by_name_and_nothing_is_sent()
    {
        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => Counters.AddOn(_runtime, 1, null!, 1)).ParamName);
        Assert.Equal("request", Assert.Throws<ArgumentNullException>(() => Counters.IncrementOn(_runtime, 1, (XCallRequest)null!)).ParamName);
        Assert.Equal("batch", Assert.Throws<ArgumentNullException>(() => Counters.IncrementOn((CallBatch)null!)).ParamName);
        Assert.Equal("condition", Assert.Throws<ArgumentNullException>(() => Counters.AddOnMask(_runtime, CoreMask.Of(1), null!, 1)).ParamName);
        Assert.Equal("condition", Assert.Throws<ArgumentNullException>(() => Counters.TryAddOnMask(_runtime, CoreMask.Of(1), null!, 1)).ParamName);
        Assert.Equal("condition", Assert.Throws<ArgumentNullException>(() => Counters.AddOnMaskAsync(_runtime, CoreMask.Of(1), null!, 1)).ParamName);

        Assert.Equal(0, Counters.AddOn(_runtime, 1, 0));
    }

    [Fact]
    public void The_ipi_senders_and_registrations_reject_a_null_runtime()
    {
        XCallRuntime none = null!;
        Action[] senders =
        [
            () => IpiHandlers.Register(none),
            () => PingCounters.RegisterFirst(none),
            () => IpiHandlers.Send(none, 1, new Ping(1)),
            () => IpiHandlers.SendToAll(none, new Ping(1)),
            () => IpiHandlers.SendToOthers(none, new Ping(1)),
            () => IpiHandlers.SendToMask(none, CoreMask.Of(1), new Ping(1)),
            () => IpiHandlers.TrySend(none, Target.All, new Ping(1), out _),
            () => IpiHandlers.SendToInstance(none, 1, 1, new Ping(1)),
            () => IpiHandlers.TrySendToInstance(none, 1, 1, new Ping(1), out _),
        ];

        Assert.All(senders, sender => Assert.Equal("runtime", Assert.Throws<ArgumentNullException>(sender).ParamName));
    }
}
