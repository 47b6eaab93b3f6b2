namespace XCall;

/// <summary>
/// How a runtime's cores get run, and how a thread that waits on the runtime makes progress: every core on a
/// thread of its own (<see cref="ThreadedDriver"/>), or on whichever thread steps it (<see cref="ManualDriver"/>, for
/// deterministic tests). Chips only park and notify; everything that differs between the two lives here.
/// </summary>
internal abstract class Driver
{
    protected Driver(XCallRuntime runtime) => Runtime = runtime;

    public XCallRuntime Runtime { get; }

    /// <summary>Whether each core runs on a thread of its own (which parks through the chip when it waits).</summary>
    public abstract bool CoresHaveThreads { get; }

    /// <summary>Whether a waiting thread may block; if not, a wait that can make no progress can never end.</summary>
    public abstract bool CanBlock { get; }

    /// <summary>Starts the cores.</summary>
    public abstract void Start(XCallOptions options);

    /// <summary>
    /// Admission is closed: lets the cores run what they accepted until <paramref name="drain"/> passes, then ends
    /// the rest as cancelled, and stops them. Returns within about the drain timeout even if a handler never returns.
    /// </summary>
    public abstract void Stop(Deadline drain);

    /// <summary>
    /// One step of progress for a thread waiting on this runtime (<paramref name="self"/>: its own core, if any):
    /// runs what it can; whether anything ran.
    /// </summary>
    public abstract bool Progress(Core? self);

    /// <summary>Called when a wait that cannot block made no progress: throws if nothing can ever make it (manual driver).</summary>
    public virtual void NothingToRun(string awaited)
    {
    }
}
