using System.Runtime.Versioning;
using Xunit;

namespace XCall.Tests.Multikernel;

/// <summary>The futex word a parked core sleeps on and senders of any process wake it through.</summary>
[SupportedOSPlatform("linux")]
public sealed unsafe class WakeWordTests
{
    [LinuxFact]
    public void Only_the_first_sender_that_finds_a_core_parked_wakes_it()
    {
        int word = WakeWord.Awake;
        Assert.False(WakeWord.WakeIfParked(&word)); // awake: nothing to do, no system call
        Assert.True(WakeWord.Announce(&word));
        Assert.True(WakeWord.WakeIfParked(&word));
        Assert.False(WakeWord.WakeIfParked(&word)); // coalesced: the wake-up is on its way
        WakeWord.Settle(&word);
        Assert.Equal(WakeWord.Awake, word);
    }

    [LinuxFact]
    public void A_notification_that_comes_before_the_wait_makes_the_next_wait_return_at_once()
    {
        int word = WakeWord.Awake;
        WakeWord.Notify(&word);
        Assert.False(WakeWord.Announce(&word)); // consumed instead of blocking
        Assert.Equal(WakeWord.Awake, word);
    }

    [LinuxFact]
    public void A_retired_or_garbage_word_never_lets_a_core_block()
    {
        int word = WakeWord.Awake;
        WakeWord.Retire(&word);
        Assert.False(WakeWord.Announce(&word));
        word = 12345; // whatever a peer wrote
        Assert.False(WakeWord.Announce(&word));
        WakeWord.Block(&word, 1000); // the futex sees it is not parked and returns at once
    }
}
