using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace XCall.Analyzers.Handlers;

/// <summary>
/// The members known to allocate or block without their bodies being scanned: a built-in list of library members, every
/// library method that returns a new array, and the members a project lists itself (<see cref="ProjectApiLists"/>). A project
/// can also vouch for members, built-in or its own, so they are never reported. Other library calls are trusted: the
/// analyzers cannot see their bodies.
/// </summary>
internal sealed class LibraryApis
{
    private const string AnyMethod = "*";

    /// <summary>
    /// (type metadata name, member names or <c>*</c> for every method, rule). A member written <c>Name(string)</c> matches only
    /// the overloads whose first parameter is a string (a path, for the readers and writers that open files).
    /// </summary>
    private static readonly (string Type, string Members, DiagnosticDescriptor Rule)[] s_table =
    {
        // VSTHRD002's set: synchronous waits on tasks.
        ("System.Threading.Tasks.Task", "Wait WaitAll WaitAny", XCallDiagnostics.TaskWait),
        ("System.Threading.Tasks.Task`1", "Result", XCallDiagnostics.TaskWait),
        ("System.Threading.Tasks.ValueTask`1", "Result", XCallDiagnostics.TaskWait),
        ("System.Runtime.CompilerServices.TaskAwaiter", "GetResult", XCallDiagnostics.TaskWait),
        ("System.Runtime.CompilerServices.TaskAwaiter`1", "GetResult", XCallDiagnostics.TaskWait),
        ("System.Runtime.CompilerServices.ValueTaskAwaiter", "GetResult", XCallDiagnostics.TaskWait),
        ("System.Runtime.CompilerServices.ValueTaskAwaiter`1", "GetResult", XCallDiagnostics.TaskWait),
        ("System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter", "GetResult", XCallDiagnostics.TaskWait),
        ("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter", "GetResult", XCallDiagnostics.TaskWait),
        ("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable+ConfiguredValueTaskAwaiter", "GetResult", XCallDiagnostics.TaskWait),
        ("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1+ConfiguredValueTaskAwaiter", "GetResult", XCallDiagnostics.TaskWait),
        // Locks.
        ("System.Threading.Monitor", "Enter TryEnter Wait", XCallDiagnostics.LockWait),
        ("System.Threading.Lock", "Enter TryEnter EnterScope", XCallDiagnostics.LockWait),
        ("System.Threading.SpinLock", "Enter TryEnter", XCallDiagnostics.LockWait),
        ("System.Threading.ReaderWriterLockSlim",
            "EnterReadLock EnterWriteLock EnterUpgradeableReadLock TryEnterReadLock TryEnterWriteLock TryEnterUpgradeableReadLock", XCallDiagnostics.LockWait),
        ("System.Threading.ReaderWriterLock", "AcquireReaderLock AcquireWriterLock UpgradeToWriterLock", XCallDiagnostics.LockWait),
        // Threads, wait handles, events, semaphores.
        ("System.Threading.Thread", "Sleep Join", XCallDiagnostics.ThreadWait),
        ("System.Threading.WaitHandle", "WaitOne WaitAll WaitAny SignalAndWait", XCallDiagnostics.WaitHandleWait),
        ("System.Threading.ManualResetEventSlim", "Wait", XCallDiagnostics.WaitHandleWait),
        ("System.Threading.CountdownEvent", "Wait", XCallDiagnostics.WaitHandleWait),
        ("System.Threading.Barrier", "SignalAndWait", XCallDiagnostics.WaitHandleWait),
        ("System.Threading.SemaphoreSlim", "Wait", XCallDiagnostics.SemaphoreWait),
        // Other library calls that wait for other threads or processes.
        ("System.Collections.Concurrent.BlockingCollection`1", "Take Add TakeFromAny AddToAny GetConsumingEnumerable", XCallDiagnostics.BlockingCall),
        ("System.Diagnostics.Process", "WaitForExit WaitForInputIdle", XCallDiagnostics.BlockingCall),
        ("System.Threading.Tasks.Parallel", "For ForEach Invoke", XCallDiagnostics.BlockingCall),
        ("System.Threading.SpinWait", "SpinUntil", XCallDiagnostics.BlockingCall),
        ("System.GC", "WaitForPendingFinalizers WaitForFullGCApproach WaitForFullGCComplete", XCallDiagnostics.BlockingCall),
        // Synchronous I/O (in-memory receivers are exempt, see IsInMemory).
        ("System.IO.File", AnyMethod, XCallDiagnostics.SynchronousIo),
        ("System.IO.Directory", AnyMethod, XCallDiagnostics.SynchronousIo),
        ("System.IO.FileSystemInfo", AnyMethod + " Exists", XCallDiagnostics.SynchronousIo),
        ("System.IO.FileInfo", AnyMethod + " Exists Length", XCallDiagnostics.SynchronousIo),
        ("System.IO.DirectoryInfo", AnyMethod + " Exists", XCallDiagnostics.SynchronousIo),
        ("System.Console", AnyMethod, XCallDiagnostics.SynchronousIo),
        ("System.IO.FileStream", ".ctor", XCallDiagnostics.SynchronousIo),
        ("System.IO.StreamReader", ".ctor(string)", XCallDiagnostics.SynchronousIo),
        ("System.IO.StreamWriter", ".ctor(string)", XCallDiagnostics.SynchronousIo),
        ("System.IO.Stream", "Read ReadByte ReadExactly ReadAtLeast Write WriteByte Flush CopyTo", XCallDiagnostics.SynchronousIo),
        ("System.IO.TextReader", "Read ReadBlock ReadLine ReadToEnd Peek", XCallDiagnostics.SynchronousIo),
        ("System.IO.TextWriter", "Write WriteLine Flush", XCallDiagnostics.SynchronousIo),
        ("System.IO.RandomAccess", "Read Write FlushToDisk", XCallDiagnostics.SynchronousIo),
        ("System.Net.Http.HttpMessageInvoker", "Send", XCallDiagnostics.SynchronousIo),
        ("System.Net.Http.HttpClient", "Send", XCallDiagnostics.SynchronousIo),
        ("System.Net.Sockets.Socket",
            "Accept Connect Disconnect Receive ReceiveFrom ReceiveMessageFrom Send SendTo SendFile Poll Select", XCallDiagnostics.SynchronousIo),
        ("System.Net.Sockets.TcpClient", "Connect", XCallDiagnostics.SynchronousIo),
        ("System.Net.Sockets.TcpListener", "AcceptSocket AcceptTcpClient", XCallDiagnostics.SynchronousIo),
        ("System.Net.Sockets.UdpClient", "Receive Send", XCallDiagnostics.SynchronousIo),
        ("System.Net.Dns", "GetHostEntry GetHostAddresses", XCallDiagnostics.SynchronousIo),
        // The runtime's own waits: a sync cross call from inside a handler.
        ("XCall.XCallRuntime", "Call TryCall WaitForIssued TakeOffline Dispose", XCallDiagnostics.SyncCrossCall),
        ("XCall.Ticket", "Wait WaitAll", XCallDiagnostics.SyncCrossCall),
        ("XCall.TicketAwaiter", "GetResult", XCallDiagnostics.SyncCrossCall),
        // Allocation.
        ("System.Linq.Enumerable", AnyMethod, XCallDiagnostics.LinqAllocation),
        ("System.String", "Concat Format Join", XCallDiagnostics.StringAllocation),
        ("System.String",
            "Split Substring Replace Insert Remove PadLeft PadRight ToUpper ToLower ToUpperInvariant ToLowerInvariant Trim TrimStart TrimEnd ToCharArray Normalize Create Copy",
            XCallDiagnostics.AllocatingCall),
        ("System.Array", "Resize CreateInstance ConvertAll FindAll", XCallDiagnostics.AllocatingCall),
        ("System.Activator", "CreateInstance", XCallDiagnostics.AllocatingCall),
        ("System.Threading.Tasks.Task", "Run Delay ContinueWith WhenAll WhenAny FromResult FromException", XCallDiagnostics.AllocatingCall),
        ("System.Threading.Tasks.TaskFactory", "StartNew", XCallDiagnostics.AllocatingCall),
        ("System.Threading.ThreadPool", "QueueUserWorkItem UnsafeQueueUserWorkItem", XCallDiagnostics.AllocatingCall),
        ("System.Collections.Generic.List`1", "GetRange ConvertAll FindAll", XCallDiagnostics.AllocatingCall),
        ("System.Text.Encoding", "GetString", XCallDiagnostics.AllocatingCall),
        ("System.Enum", "GetNames GetValues", XCallDiagnostics.AllocatingCall),
    };

    /// <summary>Receivers whose stream or reader/writer methods touch only memory.</summary>
    private static readonly string[] s_inMemory =
        { "System.IO.MemoryStream", "System.IO.UnmanagedMemoryStream", "System.IO.StringReader", "System.IO.StringWriter" };

    /// <summary>Library methods that return an array they did not allocate for the call.</summary>
    private static readonly (string Type, string Member)[] s_arraysNotAllocated =
    {
        ("System.Array", "Empty"),
        ("System.Buffers.ArrayPool`1", "Rent"),
    };

    private readonly Dictionary<INamedTypeSymbol, List<Entry>> _byType = new(SymbolEqualityComparer.Default);
    private readonly List<INamedTypeSymbol> _inMemory = new();
    private readonly HashSet<(INamedTypeSymbol Type, string Member)> _arraysNotAllocated = new();
    private readonly ProjectApiLists _project;

    public LibraryApis(Compilation compilation, ProjectApiLists project)
    {
        _project = project;
        foreach (var (type, members, rule) in s_table)
        {
            if (compilation.GetTypeByMetadataName(type) is not { } symbol) continue;
            if (!_byType.TryGetValue(symbol, out var entries)) _byType[symbol] = entries = new();
            entries.AddRange(members.Split(' ').Select(member => Entry.Parse(member, rule)));
        }
        foreach (string name in s_inMemory)
        {
            if (compilation.GetTypeByMetadataName(name) is { } symbol) _inMemory.Add(symbol);
        }
        foreach (var (type, member) in s_arraysNotAllocated)
        {
            if (compilation.GetTypeByMetadataName(type) is { } symbol) _arraysNotAllocated.Add((symbol, member));
        }
    }

    /// <summary>Whether the project vouches for <paramref name="member"/> (XCall.TrustedApis.txt): it is never reported, nor followed.</summary>
    public bool IsTrusted(ISymbol member) => _project.Find(member) == ProjectApi.Trusted;

    /// <summary>
    /// The rule a use of <paramref name="member"/> (a method or property) on a receiver of type <paramref name="receiver"/> breaks,
    /// if any. Members of the compilation are looked up in the project's lists only: their bodies are scanned.
    /// </summary>
    public DiagnosticDescriptor? Find(ISymbol member, ITypeSymbol? receiver, bool inCompilation)
    {
        switch (_project.Find(member))
        {
            case ProjectApi.Trusted: return null;
            case ProjectApi.Allocating: return XCallDiagnostics.AllocatingCall;
            case ProjectApi.Blocking: return XCallDiagnostics.BlockingCall;
        }
        if (inCompilation) return null;

        if (member is IMethodSymbol { Name: "ToString", ReturnType.SpecialType: SpecialType.System_String } toString
            && toString.ContainingType.SpecialType != SpecialType.System_String)
            return XCallDiagnostics.StringAllocation;

        // Walk up the overrides so FileStream.Read is found as Stream.Read.
        for (ISymbol? current = member; current is not null; current = Overridden(current))
        {
            if (!_byType.TryGetValue(current.ContainingType.OriginalDefinition, out var entries)) continue;
            foreach (Entry entry in entries.Where(entry => entry.Matches(current)))
            {
                if (entry.Rule == XCallDiagnostics.SynchronousIo && IsInMemory(receiver)) return null;
                return entry.Rule;
            }
        }
        return ReturnsNewArray(member) ? XCallDiagnostics.AllocatingCall : null;
    }

    /// <summary>A library method returning an array almost always allocates it: a copy (ToArray, Split, GetBytes, ...).</summary>
    private bool ReturnsNewArray(ISymbol member) =>
        member is IMethodSymbol { ReturnType: IArrayTypeSymbol } method
        && !_arraysNotAllocated.Contains((method.ContainingType.OriginalDefinition, method.Name));

    private bool IsInMemory(ITypeSymbol? type)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (_inMemory.Contains(current.OriginalDefinition, SymbolEqualityComparer.Default)) return true;
        }
        return false;
    }

    /// <summary>The member <paramref name="member"/> overrides, if any.</summary>
    public static ISymbol? Overridden(ISymbol member) => member switch
    {
        IMethodSymbol method => method.OverriddenMethod,
        IPropertySymbol property => property.OverriddenProperty,
        _ => null,
    };

    /// <summary>One member name of the table, with its optional first-parameter condition.</summary>
    private sealed record Entry(string Name, bool FirstParameterIsString, DiagnosticDescriptor Rule)
    {
        public static Entry Parse(string member, DiagnosticDescriptor rule) => member.EndsWith("(string)", System.StringComparison.Ordinal)
            ? new Entry(member.Substring(0, member.Length - "(string)".Length), true, rule)
            : new Entry(member, false, rule);

        public bool Matches(ISymbol member) =>
            (member.Name == Name || (Name == AnyMethod && member is IMethodSymbol { MethodKind: MethodKind.Ordinary }))
            && (!FirstParameterIsString || member is IMethodSymbol { Parameters.Length: > 0 } method && method.Parameters[0].Type.SpecialType == SpecialType.System_String);
    }
}
