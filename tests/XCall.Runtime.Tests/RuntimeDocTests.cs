using Xunit;

namespace XCall.Tests;

/// <summary>The low-level example of README.md and docs/runtime.md, compiled and run as written.</summary>
public class RuntimeDocTests
{
    [Fact]
    public void The_low_level_example_in_the_readme_and_runtime_docs_works_as_written()
    {
        using var runtime = XCallRuntime.Start(new XCallOptions { Cores = 4 });

        int sum = runtime.Call<Add, (int, int), int>(core: 2, (3, 4));
        Ticket t = runtime.Post<Add, (int, int)>(core: 2, (3, 4));
        t.Wait();

        Assert.Equal(7, sum);
        Assert.Equal(TicketStatus.Completed, t.Status);
    }

    private struct Add : ICrossCallHandler<(int A, int B)>
    {
        public static string Name => "Math.Add";

        public static void Invoke(in (int A, int B) args, ref CallFrame frame) => frame.SetResult(args.A + args.B);
    }
}
