using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace XCall.Benchmarks;

/// <summary>
/// The awaited round trip .NET offers today: a request written into one <see cref="Channel{T}"/>, a server loop that
/// awaits it and writes the reply into another, the caller awaiting the reply. No thread blocks on either side.
/// </summary>
public sealed class ChannelRequestResponse : Workload
{
    private readonly Channel<long> _requests = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Channel<long> _replies = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _server;

    public ChannelRequestResponse() => _server = Task.Run(ServeAsync);

    public override string Name => "request/response over two Channel<T>s, awaited";

    public override void Run(int operations) => RunAsync(operations).GetAwaiter().GetResult();

    private async Task RunAsync(int operations)
    {
        long value = 0;
        for (int i = 0; i < operations; i++)
        {
            await _requests.Writer.WriteAsync(value).ConfigureAwait(false);
            value = await _replies.Reader.ReadAsync().ConfigureAwait(false);
        }
    }

    private async Task ServeAsync()
    {
        await foreach (long request in _requests.Reader.ReadAllAsync().ConfigureAwait(false))
            await _replies.Writer.WriteAsync(request + 1).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _requests.Writer.Complete();
        _server.Wait(Timeout.Infinite);
    }
}
