using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace XCall.Analyzers;

/// <summary>
/// Every diagnostic XCall reports, in one place. IDs are fixed and never reused: XC0xxx declarations, XC1xxx allocation,
/// XC2xxx blocking. Each message says how to fix the problem (the command line shows the message, never the description),
/// and each rule has a page <c>docs/diagnostics/XCnnnn.md</c> its help link points to.
/// </summary>
public static class XCallDiagnostics
{
    /// <summary>The category of the XC0xxx rules: why the generator skips a handler.</summary>
    public const string DeclarationsCategory = "XCall.Declarations";

    /// <summary>The category of the XC1xxx rules: allocation inside handlers.</summary>
    public const string AllocationCategory = "XCall.Allocation";

    /// <summary>The category of the XC2xxx rules: blocking inside handlers.</summary>
    public const string BlockingCategory = "XCall.Blocking";

    private const string Declarations = DeclarationsCategory;
    private const string Allocation = AllocationCategory;
    private const string Blocking = BlockingCategory;

    /// <summary>
    /// Where the help pages live, as an absolute address ending in <c>/</c>: a descriptor's help link is this plus <c>XCnnnn.md</c>.
    /// The build writes it from the repository's <c>RepositoryUrl</c> (one line in Directory.Build.props), so a fork changes one line.
    /// </summary>
    public static string HelpLinkBase { get; } =
        typeof(XCallDiagnostics).Assembly.GetCustomAttributes(typeof(AssemblyMetadataAttribute), inherit: false)
            .Cast<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "XCallHelpLinkBase").Value!;

    // --- Declarations: why the generator skips a handler ---

    public static readonly DiagnosticDescriptor NotStatic = Error("XC0001", Declarations,
        "Handler must be static",
        "[{0}] method '{1}' must be static: add 'static' (a core runs it without an instance)",
        "A cross call or IPI handler runs on a core without an instance to run on: the generated thunk calls it as a static method.");

    public static readonly DiagnosticDescriptor NotAMemberMethod = Error("XC0002", Declarations,
        "Handler must be an ordinary member method",
        "[{0}] must be on an ordinary member method, not on a {1}: put it on a static method of a partial type",
        "The generator writes senders beside a method of a type; local functions, lambdas, accessors and operators have no place for them.");

    public static readonly DiagnosticDescriptor GenericMethod = Error("XC0003", Declarations,
        "Handler cannot be a generic method",
        "[{0}] method '{1}' cannot be generic: remove its type parameters (a generic containing type is fine for cross calls)",
        "Each handler gets one dispatch thunk with a fixed payload layout; a generic method has no single layout.");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error("XC0004", Declarations,
        "Type containing a handler must be partial",
        "Type '{0}' must be partial: add 'partial' so XCall can generate the senders of its handlers into it",
        "The generator adds the sender methods to the type that declares the handler, and to each type around it; every one of them must be partial.");

    public static readonly DiagnosticDescriptor ContainingTypeIsInterface = Error("XC0005", Declarations,
        "Handler cannot be declared in an interface",
        "Interface '{0}' cannot declare handlers: move them to a partial class or struct",
        "Senders and thunks are generated as members of the containing type; an interface cannot hold them.");

    public static readonly DiagnosticDescriptor RefOrOutParameter = Error("XC0006", Declarations,
        "Cross call parameter cannot be ref or out",
        "Parameter '{0}' of cross call '{1}' cannot be 'ref' or 'out', as arguments are copied to the target core: return the value instead, or pass a class",
        "Arguments travel in a queue slot to another core; a reference to the caller's variable cannot travel with them. Return a value instead, or pass a class.");

    public static readonly DiagnosticDescriptor RefStructParameter = Error("XC0007", Declarations,
        "Cross call parameter cannot be a ref struct",
        "Parameter '{0}' of cross call '{1}' has ref struct type '{2}', which cannot leave the caller's stack: pass an array or a shared buffer instead",
        "A ref struct such as Span<T> lives on the caller's stack; the handler runs on another core's stack. Pass a shared buffer or an array instead.");

    public static readonly DiagnosticDescriptor PointerParameter = Error("XC0008", Declarations,
        "Cross call parameter cannot be a pointer",
        "Parameter '{0}' of cross call '{1}' has pointer type '{2}': pass an index or a shared buffer handle instead",
        "Pointers are not carried by the slot payload; pass an index or a shared buffer handle instead.");

    public static readonly DiagnosticDescriptor UnsupportedParameterType = Error("XC0009", Declarations,
        "Cross call parameter type cannot be carried",
        "Parameter '{0}' of cross call '{1}' has type '{2}', which a slot cannot carry: pass unmanaged values, or classes by value",
        "A slot carries unmanaged bytes and a few object references; a struct that holds references, an 'in' class parameter or an unconstrained type parameter fits neither.");

    public static readonly DiagnosticDescriptor TooManyReferences = Error("XC0010", Declarations,
        "Cross call has too many reference parameters",
        "Cross call '{0}' has {1} reference-type parameters; a call carries at most {2}: group the objects into one class",
        "A slot has a fixed number of reference fields. Group the objects into one class, or pass them through per-core state.");

    public static readonly DiagnosticDescriptor PayloadTooLarge = Error("XC0011", Declarations,
        "Cross call arguments are too large for a slot",
        "The unmanaged arguments of cross call '{0}' take {1} bytes; a call carries at most {2}: pass large data through a shared buffer",
        "Unmanaged arguments are copied inline into a fixed-size slot. Pass large data through a shared buffer instead.");

    public static readonly DiagnosticDescriptor AsyncReturnsValue = Error("XC0012", Declarations,
        "Async cross call must return void",
        "Cross call '{0}' is CallMode.Async but returns '{1}': return void, or make it CallMode.Sync to get the value back",
        "An async caller gets a ticket back at once and nobody receives the return value; use CallMode.Sync to get a value back.");

    public static readonly DiagnosticDescriptor UnsupportedReturn = Error("XC0013", Declarations,
        "Cross call return type is not supported",
        "Cross call '{0}' returns '{1}': return a value or a class by value, not by reference, a ref struct, a pointer or dynamic",
        "The result is copied back from the target core after the handler returned; a reference into that core's stack or state cannot be, and a dynamic result cannot be handed to the call frame.");

    public static readonly DiagnosticDescriptor IpiWrongSignature = Error("XC0014", Declarations,
        "IPI handler has the wrong signature",
        "IPI handler '{0}' has the wrong signature: declare it 'static void {0}(in IpiContext ctx, in TMessage msg)'",
        "The dispatch table calls IPI handlers with the context and the message in the slot. Each may be taken by value or by 'in' (or 'ref readonly'); 'in' reads the message in place instead of copying it. 'ref' and 'out' are refused, as is any other parameter count or a return value.");

    public static readonly DiagnosticDescriptor IpiMessageNotUnmanaged = Error("XC0015", Declarations,
        "IPI message type must be an unmanaged struct",
        "IPI message type '{0}' of handler '{1}' must be an unmanaged struct: replace references with ids or shared buffer handles, and nullable values with a flag",
        "An IPI message is copied byte for byte into a slot (or across processes through shared memory); it cannot hold references.");

    public static readonly DiagnosticDescriptor IpiMessageTooLarge = Error("XC0016", Declarations,
        "IPI message type is too large",
        "IPI message type '{0}' of handler '{1}' takes {2} bytes; a message carries at most {3}: send a shared buffer handle for large data",
        "Messages are copied inline into a fixed-size slot. Send a shared buffer handle for large data.");

    public static readonly DiagnosticDescriptor IpiNegativeType = Error("XC0017", Declarations,
        "IPI type id must not be negative",
        "IPI type id {0} of handler '{1}' is negative: use a number from 0 up",
        "IPI type ids are non-negative numbers chosen by the application.");

    public static readonly DiagnosticDescriptor IpiTypeConflict = Error("XC0018", Declarations,
        "IPI type id is bound to two message types",
        "IPI type id {0} is bound to '{1}' by handler '{2}'; handler '{3}' receives '{4}': give '{4}' a type id of its own",
        "Every handler of one IPI type id receives the same message bytes, so they must all declare the same message type. The first handler in source order decides; each later one that differs is reported.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor VettedWithoutReason = Warning("XC0019", Declarations,
        "[Vetted] needs a reason",
        "[Vetted] on '{0}' needs a reason a reviewer can check: say why the allocation or wait is acceptable",
        "[Vetted] silences allocation and blocking reports; the reason is what a reviewer checks instead.");

    public static readonly DiagnosticDescriptor ContainingTypeIsFileLocal = Error("XC0020", Declarations,
        "Type containing a handler cannot be file-local",
        "Type '{0}' is file-local, so the senders XCall generates into another file cannot reopen it: make it internal",
        "The generator adds the senders and the handler struct to the type that declares the handler, in a file of its own; a 'file' type exists only in the file that declares it, so the generated part could not reach it. Make the type internal.");

    public static readonly DiagnosticDescriptor IpiHandlerUnreachable = Error("XC0021", Declarations,
        "IPI handler in a type the dispatch table cannot reach",
        "Type '{0}' is {1}, so the assembly's IPI dispatch table cannot call the handlers in it: make it internal (protected internal if it was protected), or move the handlers to a non-generic type",
        "XCall.IpiHandlers, the assembly's generated dispatch table, is a top-level class that calls each [IpiHandler] method through the types around it: none of them can be private, protected or private protected, and none can be generic (the table would not know the type arguments). Make the type internal (protected internal if it was protected), or move the handler to a non-generic type.");

    public static readonly DiagnosticDescriptor AsyncHandler = Error("XC0022", Declarations,
        "Handler cannot be async",
        "[{0}] method '{1}' is async, so a core would run it only until its first await: make it synchronous, and post any follow-up work as an async cross call",
        "A core runs a handler and then serves its next call. An async handler returns to the core at its first await: the call counts as finished (its ticket completes, a sync caller gets its answer) while the rest of the method runs later on the thread pool, off the core, where per-core state is not the core's. The generator skips async handlers.");

    public static readonly DiagnosticDescriptor UndefinedEnumValue = Error("XC0023", Declarations,
        "Attribute argument is not a defined value",
        "'{0}' is not a defined {1} value: use {2}",
        "A cast such as (CallMode)2 compiles, but names no mode the generator can emit; the generator skips the method.");

    public static readonly DiagnosticDescriptor TypeNotAccessible = Error("XC0024", Declarations,
        "Handler signature uses a type the generated code cannot name",
        "{0}, but generated code for '{1}' that is {2} names it: make it {2}",
        "The senders of a cross call are public when the method is public and internal otherwise; the IPI dispatch table is an internal class. Every type of the signature (and its type arguments and containing types) must be at least that accessible, and not file-local, or the generated code would not compile; the generator skips the method.");

    public static readonly DiagnosticDescriptor VariableArguments = Error("XC0025", Declarations,
        "Handler cannot take __arglist",
        "[{0}] method '{1}' takes __arglist: declare each argument as a parameter, so it can be copied into the call's slot",
        "Arguments are copied into a queue slot with a layout fixed at compile time; a variable argument list has none. The generator skips the method.");

    // --- Allocation inside handlers ---

    public static readonly DiagnosticDescriptor ParamsArray = Warning("XC1001", Allocation,
        "Params array allocation in a handler",
        "Call to '{0}' allocates a params array of {1} element(s): call an overload taking a span, or pass an array created once outside the handler",
        "Passing arguments to a 'params T[]' parameter allocates an array on every call. Call an overload taking a span, or pass a reused array.");

    public static readonly DiagnosticDescriptor Boxing = Warning("XC1002", Allocation,
        "Boxing in a handler",
        "{0} boxes a '{1}' on the heap: keep the value typed (a generic method, or an overload for '{1}')",
        "Converting a value type to object, an interface or Enum, or calling an object method a struct does not override, copies the value into a new heap object.");

    public static readonly DiagnosticDescriptor StringAllocation = Warning("XC1003", Allocation,
        "String building in a handler",
        "'{0}' allocates a string: format into a span or a buffer created once outside the handler",
        "Concatenation, interpolation into a string, string.Format/Concat/Join and ToString create a new string each time. Format into a span or a reused buffer instead.");

    public static readonly DiagnosticDescriptor DelegateAllocation = Warning("XC1004", Allocation,
        "Delegate or closure allocation in a handler",
        "{0} allocates a delegate: use a static lambda or a static method, or create the delegate once outside the handler",
        "A lambda that captures variables allocates a closure and a delegate; an instance or extension method group allocates a delegate. Static and non-capturing lambdas and static method groups are cached by the compiler.");

    public static readonly DiagnosticDescriptor EnumeratorAllocation = Warning("XC1005", Allocation,
        "Reference-type enumerator in a handler",
        "foreach over '{0}' allocates an enumerator of type '{1}': loop over the concrete collection (a List<T>, an array or a span), or index it",
        "foreach over an interface or a collection whose GetEnumerator returns a class allocates the enumerator. Arrays, strings, spans and struct enumerators (List<T>, Dictionary<K,V>) do not.");

    public static readonly DiagnosticDescriptor ObjectAllocation = Warning("XC1006", Allocation,
        "Heap allocation in a handler",
        "{0} allocates a '{1}' on the heap: create it once outside the handler (per-core state), or use a struct or stackalloc",
        "Creating an instance of a class, an array, an anonymous object or a record copy with 'with' allocates. Preallocate it outside the handler (per-core state), or use a struct or stackalloc.");

    public static readonly DiagnosticDescriptor CollectionExpressionAllocation = Warning("XC1007", Allocation,
        "Collection expression allocation in a handler",
        "Collection expression allocates a '{0}': target Span<T> or ReadOnlySpan<T> without spreads, or fill a collection created once outside the handler",
        "A collection expression converted to an array, a list or an interface allocates; one converted to Span<T> or ReadOnlySpan<T> without spreads lives on the stack, and an empty one converted to an array or a read-only interface uses a cached empty array.");

    public static readonly DiagnosticDescriptor LinqAllocation = Warning("XC1008", Allocation,
        "LINQ in a handler",
        "LINQ method '{0}' allocates iterators and delegates: write the loop",
        "LINQ operators allocate an iterator object per call, and usually a delegate and an enumerator. Write the loop.");

    public static readonly DiagnosticDescriptor StateMachineAllocation = Warning("XC1009", Allocation,
        "Async or iterator state machine in a handler",
        "{0} '{1}' allocates a state machine: make it synchronous, or run it outside the handler",
        "An async method, async lambda or iterator allocates its state machine (and usually a Task) when it runs.");

    public static readonly DiagnosticDescriptor AllocatingCall = Warning("XC1010", Allocation,
        "Call to an allocating library method in a handler",
        "Call to '{0}' allocates: use a non-allocating form (a span overload, TryFormat, a buffer created once), or call it outside the handler",
        "A built-in list of library methods known to allocate (string.Split, Substring, Task.Run, List<T>.ToArray, Span<T>.ToArray, Array.Resize, ...), every library method that returns a new array, and the methods a project lists in XCall.AllocatingApis.txt. Other library calls are trusted.");

    public static readonly DiagnosticDescriptor TransitiveAllocation = Warning("XC1100", Allocation,
        "Handler calls a method that allocates",
        "Call allocates: {0} ({1}): remove the allocation there, or mark that method [Vetted(\"reason\")] if it is acceptable",
        "A method of this compilation called from the handler allocates, directly or through further calls; the message shows the chain. Vet the method with [Vetted(\"reason\")] if the allocation is acceptable.",
        WellKnownDiagnosticTags.CompilationEnd);

    // --- Blocking inside handlers ---

    public static readonly DiagnosticDescriptor TaskWait = Warning("XC2001", Blocking,
        "Synchronous wait on a task in a handler",
        "'{0}' blocks the core until the task completes: continue in an async cross call or a continuation instead of waiting",
        "Task.Wait, Task.WaitAll/WaitAny, .Result and GetAwaiter().GetResult() park the core while every caller queued on it waits too.");

    public static readonly DiagnosticDescriptor LockWait = Warning("XC2002", Blocking,
        "Lock in a handler",
        "'{0}' blocks the core while another thread holds the lock: keep the state per core, or send a cross call to the core that owns it",
        "A lock statement, Monitor, Lock or ReaderWriterLockSlim waits for other threads. Per-core state needs no lock; send a cross call to the owner instead.");

    public static readonly DiagnosticDescriptor ThreadWait = Warning("XC2003", Blocking,
        "Thread.Sleep or Thread.Join in a handler",
        "'{0}' blocks the core: post the rest of the work as an async cross call instead of sleeping or joining",
        "Sleeping or joining a thread stops the core from serving its queue.");

    public static readonly DiagnosticDescriptor WaitHandleWait = Warning("XC2004", Blocking,
        "Wait on a wait handle or event in a handler",
        "'{0}' blocks the core until it is signalled: have the signalling thread send a cross call instead",
        "WaitHandle.WaitOne/WaitAll/WaitAny, ManualResetEventSlim.Wait, CountdownEvent.Wait and Barrier.SignalAndWait wait for other threads.");

    public static readonly DiagnosticDescriptor SemaphoreWait = Warning("XC2005", Blocking,
        "SemaphoreSlim.Wait in a handler",
        "'{0}' blocks the core until the semaphore is released: keep the state per core, or send a cross call to the core that owns it",
        "A synchronous semaphore wait parks the core while other callers queue behind it.");

    public static readonly DiagnosticDescriptor SynchronousIo = Warning("XC2006", Blocking,
        "Synchronous I/O in a handler",
        "'{0}' performs synchronous I/O on the core: hand the I/O to a thread that is not a core, or use the async API outside the handler",
        "File, Directory, Console, Stream, TextReader and TextWriter calls wait for the disk, the terminal or the network. In-memory streams and string readers/writers are not reported.");

    public static readonly DiagnosticDescriptor SyncCrossCall = Warning("XC2007", Blocking,
        "Synchronous cross call from a handler",
        "'{0}' waits for other cores from inside a handler: post an async cross call and let its ticket complete on its own",
        "A synchronous cross call, a ticket wait, WaitForIssued, TakeOffline or Dispose waits for other cores while callers queued on this one wait too. Post an async call instead.");

    public static readonly DiagnosticDescriptor BlockingCall = Warning("XC2008", Blocking,
        "Call to a blocking library method in a handler",
        "Call to '{0}' blocks the core: use a form that does not wait (Try…, async outside the handler), or move the call off the core",
        "A built-in list of library methods that wait for other threads, processes or the network (BlockingCollection<T>.Take/Add, Process.WaitForExit, Parallel.For/ForEach/Invoke, SpinWait.SpinUntil, sockets, DNS, …), plus the ones a project lists in XCall.BlockingApis.txt.");

    public static readonly DiagnosticDescriptor TransitiveBlocking = Warning("XC2100", Blocking,
        "Handler calls a method that blocks",
        "Call blocks: {0} ({1}): remove the wait there, or mark that method [Vetted(\"reason\")] if it is acceptable",
        "A method of this compilation called from the handler blocks, directly or through further calls; the message shows the chain. Vet the method with [Vetted(\"reason\")] if the wait is acceptable.",
        WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>Every descriptor of the catalog, in ID order.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } = typeof(XCallDiagnostics)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
        .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
        .OrderBy(descriptor => descriptor.Id, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>The descriptors of one category (<see cref="DeclarationsCategory"/>, <see cref="AllocationCategory"/>, <see cref="BlockingCategory"/>).</summary>
    public static ImmutableArray<DiagnosticDescriptor> InCategories(params string[] categories) =>
        All.Where(descriptor => categories.Contains(descriptor.Category)).ToImmutableArray();

    private static DiagnosticDescriptor Error(string id, string category, string title, string message, string description, params string[] tags) =>
        Create(id, category, title, message, description, DiagnosticSeverity.Error, tags);

    private static DiagnosticDescriptor Warning(string id, string category, string title, string message, string description, params string[] tags) =>
        Create(id, category, title, message, description, DiagnosticSeverity.Warning, tags);

    private static DiagnosticDescriptor Create(string id, string category, string title, string message, string description, DiagnosticSeverity severity, string[] tags) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, description, HelpLinkBase + id + ".md", tags);
}
