using System;

namespace XCall;

/// <summary>A registered IPI handler; dispose it (or call <see cref="Unregister"/>) to remove the handler.</summary>
public sealed class IpiRegistration : IDisposable
{
    private readonly IpiRegistry _registry;
    private readonly IpiHandlerEntry _entry;

    internal IpiRegistration(IpiRegistry registry, IpiHandlerEntry entry)
    {
        _registry = registry;
        _entry = entry;
    }

    /// <summary>The message type id the handler receives.</summary>
    public int Type => _entry.Type;

    /// <summary>The handler's name.</summary>
    public string Handler => _entry.Name;

    /// <summary>Whether the handler was removed.</summary>
    public bool IsRemoved => _entry.Removed;

    /// <summary>
    /// Removes the handler. Returns once no core runs it any more (a handler removing itself does not wait for
    /// itself); messages sent afterwards no longer reach it. Calling it again does nothing.
    /// </summary>
    public void Unregister() => _registry.Remove(_entry);

    /// <summary>Same as <see cref="Unregister"/>.</summary>
    public void Dispose() => Unregister();
}
