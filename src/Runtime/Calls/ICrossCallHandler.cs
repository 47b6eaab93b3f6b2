namespace XCall;

/// <summary>
/// A cross-call handler: the code that runs on the target core. The XCall generator writes one of these per
/// <see cref="CrossCallAttribute"/> method; hand-written handlers use the same low-level API.
/// </summary>
/// <typeparam name="TArgs">The unmanaged argument struct copied into the slot (at most <see cref="XCallRuntime.MaxPayloadSize"/> bytes).</typeparam>
/// <remarks>
/// Implement it on a struct: the runtime dispatches through a function pointer to a specialised thunk, so
/// there is no delegate, interface call or allocation per call.
/// </remarks>
public interface ICrossCallHandler<TArgs> where TArgs : unmanaged
{
    /// <summary>The name stall and fault reports show, for example <c>Tlb.Flush</c>.</summary>
    static abstract string Name { get; }

    /// <summary>Runs the call on the target core.</summary>
    /// <param name="args">The arguments the caller sent.</param>
    /// <param name="frame">The call's references, result location and core ids.</param>
    static abstract void Invoke(in TArgs args, ref CallFrame frame);
}
