using System;
using System.Diagnostics;
using System.Threading;
using Xunit;

namespace XCall.Tests;

/// <summary>Bounded waits: generous limits that only a hang reaches; never used to assert on speed.</summary>
public static class Wait
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test if it does not within the generous limit.</summary>
    public static void Until(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Generous) Assert.Fail($"Timed out waiting for {what}.");
            Thread.Sleep(1);
        }
    }

    /// <summary>Runs <paramref name="action"/> on a new thread and fails if it does not finish within the generous limit.</summary>
    public static void Bounded(Action action, string what)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { action(); }
            catch (Exception e) { failure = e; }
        }) { IsBackground = true };
        thread.Start();
        if (!thread.Join(Generous)) Assert.Fail($"Timed out (deadlock?) in {what}.");
        if (failure is not null) throw new Xunit.Sdk.XunitException($"{what} failed: {failure}");
    }
}
