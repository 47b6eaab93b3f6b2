using XCall.Shared;
using Xunit;

namespace XCall.Generator.Tests;

public sealed class SlotLimitsTests
{
    [Fact]
    public void The_shared_slot_limits_are_the_runtimes()
    {
        Assert.Equal(XCallRuntime.MaxPayloadSize, SlotLimits.MaxPayloadSize);
        Assert.Equal(CallRefs.Capacity, SlotLimits.MaxReferences);
    }
}
