using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace XCall;

/// <summary>
/// One <typeparamref name="T"/> per core of one runtime, like a kernel's per-CPU variables: code on a core reaches its own
/// entry through <see cref="Local"/> without locks, and entries sit on separate cache lines so cores never slow each
/// other down.
/// </summary>
/// <typeparam name="T">The per-core state; a struct is updated in place through the returned reference.</typeparam>
/// <remarks>
/// The entries belong to one runtime: the one given to the constructor, or else the runtime of the first core that
/// touches <see cref="Local"/>. A core of another runtime touching it is an <see cref="InvalidOperationException"/>,
/// never shared state — unless the owning runtime was disposed, in which case the new runtime takes it over with fresh
/// entries (so a static field serves one runtime after another, as tests and restarts do).
/// </remarks>
public sealed class PerCore<T>
{
    private readonly Func<int, T>? _initialize;
    private Entries? _entries; // replaced whole when the state binds to a (new) runtime

    /// <summary>Default-initialised entries, bound to the runtime of the first core that touches <see cref="Local"/>.</summary>
    public PerCore()
    {
    }

    /// <summary>Entries made by <paramref name="initialize"/>(core) when the state binds to a runtime (the first core that touches <see cref="Local"/>).</summary>
    public PerCore(Func<int, T> initialize)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        _initialize = initialize;
    }

    /// <summary>Default-initialised entries for each core of <paramref name="runtime"/>.</summary>
    public PerCore(XCallRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _entries = new Entries(runtime, null);
    }

    /// <summary>Entries for each core of <paramref name="runtime"/>, each made by <paramref name="initialize"/>(core).</summary>
    public PerCore(XCallRuntime runtime, Func<int, T> initialize)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(initialize);
        _initialize = initialize;
        _entries = new Entries(runtime, initialize);
    }

    /// <summary>The runtime the entries belong to, or null before any core touched them.</summary>
    public XCallRuntime? Runtime => Volatile.Read(ref _entries)?.Runtime;

    /// <summary>The number of entries: the owning runtime's core count (0 before the state is bound).</summary>
    public int Count => Volatile.Read(ref _entries)?.Count ?? 0;

    /// <summary>
    /// Core <paramref name="core"/>'s entry. On a core, the state binds to that core's runtime as with <see cref="Local"/>.
    /// Reading another core's entry while it runs is a race the caller owns.
    /// </summary>
    /// <exception cref="InvalidOperationException">Off a core: no core has touched the state yet, so it belongs to no runtime. On a core: as for <see cref="Local"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The owning runtime has no such core.</exception>
    public ref T this[int core]
    {
        get
        {
            Entries? entries = Volatile.Read(ref _entries);
            if (Core.Current is { } self && (entries is null || entries.Runtime != self.Runtime)) entries = Bind(self.Runtime);
            if (entries is null)
                throw new InvalidOperationException("This PerCore belongs to no runtime yet: construct it with the runtime, or let a core touch it first.");
            return ref entries.At(core);
        }
    }

    /// <summary>The calling core's entry.</summary>
    /// <exception cref="InvalidOperationException">The calling thread is not a core, or is a core of another runtime than the one the state belongs to.</exception>
    public ref T Local
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            Core core = Core.Current ?? throw new InvalidOperationException("PerCore<T>.Local is for code that runs on a core (inside a cross call); this thread is not a core.");
            Entries? entries = Volatile.Read(ref _entries);
            if (entries is null || entries.Runtime != core.Runtime) entries = Bind(core.Runtime);
            return ref entries.At(core.Id);
        }
    }

    private Entries Bind(XCallRuntime runtime)
    {
        while (true)
        {
            Entries? current = Volatile.Read(ref _entries);
            if (current is not null && current.Runtime == runtime) return current;
            if (current is not null && !current.Runtime.IsDisposed)
                throw new InvalidOperationException(
                    $"This PerCore belongs to runtime '{current.Runtime.Name}', and a core of runtime '{runtime.Name}' touched it: " +
                    "per-core state belongs to one runtime. Give each runtime its own PerCore (construct it with the runtime).");
            var fresh = new Entries(runtime, _initialize);
            if (Interlocked.CompareExchange(ref _entries, fresh, current) == current) return fresh;
        }
    }

    /// <summary>The entries of one runtime, at least 128 bytes apart, so no two cores write the same or an adjacent cache line.</summary>
    private sealed class Entries
    {
        private const int Gap = 128;

        private readonly T[] _items;
        private readonly int _stride;
        private readonly int _first;

        public Entries(XCallRuntime runtime, Func<int, T>? initialize)
        {
            Runtime = runtime;
            Count = runtime.CoreCount;
            int size = Unsafe.SizeOf<T>();
            int spacing = (Gap + size - 1) / size; // elements that make up 128 bytes
            _stride = 1 + spacing;                  // an entry, then a gap of at least 128 bytes
            _first = spacing;                       // and a gap before the first, away from whatever precedes the array
            _items = new T[_first + Count * _stride];
            if (initialize is not null)
                for (int core = 0; core < Count; core++) At(core) = initialize(core);
        }

        public XCallRuntime Runtime { get; }

        public int Count { get; }

        public ref T At(int core)
        {
            if ((uint)core >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(core), core, $"Runtime '{Runtime.Name}' has cores 0 to {Count - 1}.");
            return ref _items[_first + core * _stride];
        }
    }
}
