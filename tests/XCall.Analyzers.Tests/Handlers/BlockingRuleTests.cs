using System.Threading.Tasks;
using XCall.Analyzers.Tests.Infrastructure;
using Xunit;

namespace XCall.Analyzers.Tests.Handlers;

/// <summary>XC2001–XC2007: waits inside a handler body, each next to a look-alike that does not wait.</summary>
public sealed class BlockingRuleTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using XCall;

        """;

    [Fact]
    public async Task Waiting_on_a_task_is_reported_but_asking_whether_it_finished_is_fine()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Jobs
            {
                static Task<int> s_pending = Task.FromResult(1);
                static ValueTask<int> s_value;

                [CrossCall(CallMode.Sync)]
                static int Flush(Task task)
                {
                    {|#0:task.Wait()|};
                    {|XC1001:{|XC2001:Task.WaitAll(task)|}|};
                    {|XC2001:task.GetAwaiter().GetResult()|};
                    return {|#4:s_pending.Result|} + {|XC2001:s_value.Result|} + (task.IsCompleted ? 1 : 0);
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.TaskWait).WithLocation(0).WithMessage("'Task.Wait' blocks the core until the task completes: continue in an async cross call or a continuation instead of waiting"),
            Verify.Diagnostic(XCallDiagnostics.TaskWait).WithLocation(4).WithMessage("'Task<int>.Result' blocks the core until the task completes: continue in an async cross call or a continuation instead of waiting"));
    }

    [Fact]
    public async Task A_lock_statement_and_Monitor_are_reported_but_interlocked_operations_are_fine()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Counters
            {
                static readonly object s_gate = new();
                static int s_count;

                [CrossCall(CallMode.Sync)]
                static void Flush()
                {
                    {|#0:lock (s_gate)|}
                    {
                        s_count++;
                    }
                    {|#1:Monitor.Enter(s_gate)|};
                    Monitor.Exit(s_gate);
                    Interlocked.Increment(ref s_count);
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.LockWait).WithLocation(0).WithMessage("'lock (s_gate)' blocks the core while another thread holds the lock: keep the state per core, or send a cross call to the core that owns it"),
            Verify.Diagnostic(XCallDiagnostics.LockWait).WithLocation(1).WithMessage("'Monitor.Enter' blocks the core while another thread holds the lock: keep the state per core, or send a cross call to the core that owns it"));
    }

    [Fact]
    public async Task Sleeping_or_joining_a_thread_is_reported_but_yielding_and_spinning_are_fine()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Workers
            {
                [CrossCall(CallMode.Sync)]
                static void Flush(Thread worker)
                {
                    {|#0:Thread.Sleep(1)|};
                    {|XC2003:worker.Join()|};
                    Thread.Yield();
                    Thread.SpinWait(10);
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.ThreadWait).WithLocation(0).WithMessage("'Thread.Sleep' blocks the core: post the rest of the work as an async cross call instead of sleeping or joining"));
    }

    [Fact]
    public async Task Waiting_on_a_wait_handle_or_event_is_reported_but_setting_it_is_fine()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Signals
            {
                [CrossCall(CallMode.Sync)]
                static void Flush(ManualResetEvent done, ManualResetEventSlim ready)
                {
                    {|#0:done.WaitOne()|};
                    {|XC2004:ready.Wait()|};
                    done.Set();
                    ready.Set();
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.WaitHandleWait).WithLocation(0).WithMessage("'WaitHandle.WaitOne' blocks the core until it is signalled: have the signalling thread send a cross call instead"));
    }

    [Fact]
    public async Task A_synchronous_semaphore_wait_is_reported_but_releasing_it_is_fine()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Pool
            {
                [CrossCall(CallMode.Sync)]
                static int Flush(SemaphoreSlim slots)
                {
                    {|#0:slots.Wait()|};
                    return slots.Release() + slots.CurrentCount;
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.SemaphoreWait).WithLocation(0).WithMessage("'SemaphoreSlim.Wait' blocks the core until the semaphore is released: keep the state per core, or send a cross call to the core that owns it"));
    }

    [Fact]
    public async Task File_console_and_stream_io_is_reported_but_memory_streams_and_string_writers_are_fine()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Journal
            {
                static readonly byte[] s_buffer = new byte[16];

                [CrossCall(CallMode.Sync)]
                static void Flush(Stream stream, TextWriter writer, MemoryStream memory, StringWriter text)
                {
                    {|#0:File.Exists("journal")|};
                    {|XC2006:Console.WriteLine(1)|};
                    {|XC2006:stream.Write(s_buffer, 0, 16)|};
                    {|XC2006:writer.Flush()|};
                    memory.Write(s_buffer, 0, 16);
                    text.Write('x');
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.SynchronousIo).WithLocation(0).WithMessage("'File.Exists' performs synchronous I/O on the core: hand the I/O to a thread that is not a core, or use the async API outside the handler"));
    }

    [Fact]
    public async Task Waiting_for_other_cores_is_reported_but_checking_a_ticket_is_fine()
    {
        await Verify.Diagnostics(Usings + """
            static partial class Tlb
            {
                static Ticket s_ticket;
                static Ticket[] s_tickets = new Ticket[2];

                [CrossCall(CallMode.Sync)]
                static int Flush(XCallRuntime runtime)
                {
                    {|#0:s_ticket.Wait()|};
                    {|XC2007:Ticket.WaitAll(s_tickets)|};
                    {|XC2007:s_ticket.GetAwaiter().GetResult()|};
                    {|XC2007:runtime.WaitForIssued()|};
                    {|XC2007:runtime.TakeOffline(1)|};
                    return (s_ticket.IsCompleted ? 1 : 0) + XCallRuntime.CurrentCoreId + runtime.WakeUp(Target.Others);
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.SyncCrossCall).WithLocation(0).WithMessage("'Ticket.Wait' waits for other cores from inside a handler: post an async cross call and let its ticket complete on its own"));
    }

    [Fact]
    public async Task Library_calls_that_wait_for_other_threads_or_processes_are_reported_but_their_non_waiting_forms_are_fine()
    {
        await Verify.Diagnostics(Usings + """
            using System.Collections.Concurrent;
            using System.Diagnostics;
            using System.Net.Http;
            static partial class Work
            {
                [CrossCall(CallMode.Sync)]
                static int Flush(BlockingCollection<int> queue, Process process, HttpClient http, HttpRequestMessage request)
                {
                    int next = {|#0:queue.Take()|};
                    {|XC2008:queue.Add(1)|};
                    {|XC2008:process.WaitForExit()|};
                    {|XC2008:Parallel.For(0, 4, static i => { })|};
                    {|XC2008:Parallel.Invoke()|};
                    {|XC2008:SpinWait.SpinUntil(static () => true)|};
                    {|#1:http.Send(request)|};
                    Thread.SpinWait(10);
                    return next + (queue.TryTake(out int more) ? more : 0) + (process.HasExited ? 1 : 0);
                }
            }
            """,
            Verify.Diagnostic(XCallDiagnostics.BlockingCall).WithLocation(0)
                .WithMessage("Call to 'BlockingCollection<int>.Take' blocks the core: use a form that does not wait (Try…, async outside the handler), or move the call off the core"),
            Verify.Diagnostic(XCallDiagnostics.SynchronousIo).WithLocation(1)
                .WithMessage("'HttpClient.Send' performs synchronous I/O on the core: hand the I/O to a thread that is not a core, or use the async API outside the handler"));
    }

    [Fact]
    public async Task Sockets_dns_file_info_and_readers_opened_on_a_path_are_io_but_readers_over_a_stream_you_hold_are_not_reported_at_creation()
    {
        await Verify.Diagnostics(Usings + """
            using System.Net;
            using System.Net.Sockets;
            static partial class Net
            {
                static readonly byte[] s_buffer = new byte[16];

                [CrossCall(CallMode.Sync)]
                static long Flush(Socket socket, FileInfo file, Stream stream)
                {
                    {|XC2006:socket.Receive(s_buffer)|};
                    {|XC2006:Dns.GetHostAddresses("localhost")|};
                    var reader = {|XC1006:{|XC2006:new StreamReader("journal")|}|};
                    var wrapped = {|XC1006:new StreamReader(stream)|};
                    return {|XC2006:file.Length|} + socket.Available + reader.GetHashCode() + wrapped.GetHashCode();
                }
            }
            """);
    }
}
