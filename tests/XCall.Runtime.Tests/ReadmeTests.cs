using Xunit;

namespace XCall.Tests;

/// <summary>The README's quick start, compiled and run as written.</summary>
public class ReadmeTests
{
    [Fact]
    public void The_readme_quick_start_works_as_written()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 4 });

        int sum = runtime.Call<Add, (int, int), int>(2, (3, 4));
        Ticket ticket = runtime.Post<Add, (int, int)>(Target.All, (1, 1));
        ticket.Wait();

        Assert.Equal(7, sum);
        Assert.Equal(TicketStatus.Completed, ticket.Status);
    }

    private struct Add : ICrossCallHandler<(int A, int B)>
    {
        public static string Name => "Math.Add";

        public static void Invoke(in (int A, int B) args, ref CallFrame frame) => frame.SetResult(args.A + args.B);
    }
}
