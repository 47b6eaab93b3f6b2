using XCall.Shared;
using Xunit;

namespace XCall.Generator.Tests;

public sealed class XCallEnumsTests
{
    [Fact]
    public void The_shared_enum_numbers_are_the_runtimes()
    {
        Assert.Equal((int)CallMode.Sync, XCallEnums.CallModeSync);
        Assert.Equal((int)CallMode.Async, XCallEnums.CallModeAsync);
        Assert.Equal((int)CallPriority.Normal, XCallEnums.CallPriorityNormal);
        Assert.Equal((int)CallPriority.High, XCallEnums.CallPriorityHigh);
    }
}
