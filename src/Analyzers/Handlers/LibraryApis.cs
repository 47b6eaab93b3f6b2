using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace XCall.Analyzers.Handlers;

/// <summary>
/// The small built-in list of library members (other assemblies) known to allocate or block. Calls into other assemblies that
/// are not listed are trusted: the analyzers cannot see their bodies.
/// </summary>
internal sealed class LibraryApis
{
    private const string AnyMethod = "*";

    /// <summary>(type metadata name, member names or <c>*</c> for every method, rule).</summary>
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
        // Threads, wait handles, events, semaphores.
        ("System.Threading.Thread", "Sleep Join", XCallDiagnostics.ThreadWait),
        ("System.Threading.WaitHandle", "WaitOne WaitAll WaitAny SignalAndWait", XCallDiagnostics.WaitHandleWait),
        ("System.Threading.ManualResetEventSlim", "Wait", XCallDiagnostics.WaitHandleWait),
        ("System.Threading.CountdownEvent", "Wait", XCallDiagnostics.WaitHandleWait),
        ("System.Threading.Barrier", "SignalAndWait", XCallDiagnostics.WaitHandleWait),
        ("System.Threading.SemaphoreSlim", "Wait", XCallDiagnostics.SemaphoreWait),
        // Synchronous I/O (in-memory receivers are exempt, see IsInMemory).
        ("System.IO.File", AnyMethod, XCallDiagnostics.SynchronousIo),
        ("System.IO.Directory", AnyMethod, XCallDiagnostics.SynchronousIo),
        ("System.Console", AnyMethod, XCallDiagnostics.SynchronousIo),
        ("System.IO.FileStream", ".ctor", XCallDiagnostics.SynchronousIo),
        ("System.IO.Stream", "Read ReadByte ReadExactly ReadAtLeast Write WriteByte Flush CopyTo", XCallDiagnostics.SynchronousIo),
        ("System.IO.TextReader", "Read ReadBlock ReadLine ReadToEnd Peek", XCallDiagnostics.SynchronousIo),
        ("System.IO.TextWriter", "Write WriteLine Flush", XCallDiagnostics.SynchronousIo),
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
        ("System.GC", "AllocateArray AllocateUninitializedArray", XCallDiagnostics.AllocatingCall),
        ("System.Activator", "CreateInstance", XCallDiagnostics.AllocatingCall),
        ("System.Threading.Tasks.Task", "Run Delay ContinueWith WhenAll WhenAny FromResult FromException", XCallDiagnostics.AllocatingCall),
        ("System.Threading.Tasks.TaskFactory", "StartNew", XCallDiagnostics.AllocatingCall),
        ("System.Threading.ThreadPool", "QueueUserWorkItem UnsafeQueueUserWorkItem", XCallDiagnostics.AllocatingCall),
        ("System.Collections.Generic.List`1", "ToArray GetRange ConvertAll FindAll", XCallDiagnostics.AllocatingCall),
        ("System.Enum", "GetNames GetValues", XCallDiagnostics.AllocatingCall),
        ("System.Text.Encoding", "GetString", XCallDiagnostics.AllocatingCall),
    };

    /// <summary>Receivers whose stream or reader/writer methods touch only memory.</summary>
    private static readonly string[] s_inMemory =
        { "System.IO.MemoryStream", "System.IO.UnmanagedMemoryStream", "System.IO.StringReader", "System.IO.StringWriter" };

    private readonly Dictionary<INamedTypeSymbol, List<(HashSet<string> Members, DiagnosticDescriptor Rule)>> _byType =
        new(SymbolEqualityComparer.Default);

    private readonly List<INamedTypeSymbol> _inMemory = new();

    public LibraryApis(Compilation compilation)
    {
        foreach (var (type, members, rule) in s_table)
        {
            if (compilation.GetTypeByMetadataName(type) is not { } symbol) continue;
            if (!_byType.TryGetValue(symbol, out var entries)) _byType[symbol] = entries = new();
            entries.Add((new HashSet<string>(members.Split(' ')), rule));
        }
        foreach (string name in s_inMemory)
        {
            if (compilation.GetTypeByMetadataName(name) is { } symbol) _inMemory.Add(symbol);
        }
    }

    /// <summary>The rule a use of library <paramref name="member"/> (a method or property) on <paramref name="receiver"/> breaks, if any.</summary>
    public DiagnosticDescriptor? Find(ISymbol member, IOperation? receiver)
    {
        if (member is IMethodSymbol { Name: "ToString", ReturnType.SpecialType: SpecialType.System_String } toString
            && toString.ContainingType.SpecialType != SpecialType.System_String)
            return XCallDiagnostics.StringAllocation;

        // Walk up the overrides so FileStream.Read is found as Stream.Read.
        for (ISymbol? current = member; current is not null; current = Overridden(current))
        {
            if (!_byType.TryGetValue(current.ContainingType.OriginalDefinition, out var entries)) continue;
            foreach (var (members, rule) in entries)
            {
                bool listed = members.Contains(current.Name) || (members.Contains(AnyMethod) && current is IMethodSymbol);
                if (!listed) continue;
                if (rule == XCallDiagnostics.SynchronousIo && IsInMemory(receiver?.Type)) return null;
                return rule;
            }
        }
        return null;
    }

    private bool IsInMemory(ITypeSymbol? type)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (_inMemory.Contains(current.OriginalDefinition, SymbolEqualityComparer.Default)) return true;
        }
        return false;
    }

    private static ISymbol? Overridden(ISymbol member) => member switch
    {
        IMethodSymbol method => method.OverriddenMethod,
        IPropertySymbol property => property.OverriddenProperty,
        _ => null,
    };
}
