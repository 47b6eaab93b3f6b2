using System.Collections.Concurrent;

namespace XCall;

/// <summary>
/// The function pointer the runtime stores in a slot for one handler type: a thunk specialised for
/// <typeparamref name="THandler"/>, so dispatch is one indirect call with the handler inlined behind it.
/// </summary>
internal static unsafe class Thunks<THandler, TArgs>
    where THandler : ICrossCallHandler<TArgs>
    where TArgs : unmanaged
{
    public static readonly nint Pointer = HandlerNames.Register((nint)(delegate*<ref CallFrame, void>)&Invoke, THandler.Name);

    private static void Invoke(ref CallFrame frame) => THandler.Invoke(in frame.Args<TArgs>(), ref frame);
}

/// <summary>Handler names by thunk, for stall and fault reports (filled once per handler type, read only off the call path).</summary>
internal static class HandlerNames
{
    private static readonly ConcurrentDictionary<nint, string> s_names = new();

    public static nint Register(nint thunk, string name)
    {
        s_names[thunk] = name;
        return thunk;
    }

    public static string Of(nint thunk) => s_names.TryGetValue(thunk, out string? name) ? name : $"<thunk 0x{thunk:x}>";
}
