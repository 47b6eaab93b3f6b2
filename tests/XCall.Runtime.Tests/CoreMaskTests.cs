using System;
using System.Linq;
using Xunit;

namespace XCall.Tests;

public class CoreMaskTests
{
    [Fact]
    public void A_mask_holds_exactly_the_cores_added_and_enumerates_them_in_order()
    {
        CoreMask mask = CoreMask.Of(200, 3, 64, 0);
        Assert.Equal(new[] { 0, 3, 64, 200 }, mask.Cast());
        Assert.Equal(4, mask.Count);
        Assert.Equal(200, mask.Highest);
        Assert.True(mask.Contains(64));
        Assert.False(mask.Contains(65));
        Assert.False(mask.Contains(-1));
        Assert.Equal("{0, 3, 64, 200}", mask.ToString());
    }

    [Fact]
    public void Set_operations_combine_masks()
    {
        CoreMask a = CoreMask.Range(0, 4), b = CoreMask.Of(2, 3, 4);
        Assert.Equal(CoreMask.Range(0, 5), a | b);
        Assert.Equal(CoreMask.Of(2, 3), a & b);
        Assert.Equal(CoreMask.Of(0, 1), a & ~b);
        Assert.Equal(CoreMask.Of(0, 1, 3), a.Without(2));
        Assert.True(CoreMask.Empty.IsEmpty);
        Assert.Equal(-1, CoreMask.Empty.Highest);
        Assert.Empty(CoreMask.Empty.Cast());
    }

    [Fact]
    public void Core_ids_outside_the_capacity_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CoreMask.Of(CoreMask.Capacity));
        Assert.Throws<ArgumentOutOfRangeException>(() => CoreMask.Of(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CoreMask.Range(0, -1));
    }
}

internal static class CoreMaskEnumeration
{
    public static int[] Cast(this CoreMask mask)
    {
        var cores = new System.Collections.Generic.List<int>();
        foreach (int core in mask) cores.Add(core);
        return cores.ToArray();
    }
}
