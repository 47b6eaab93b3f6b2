namespace XCall;

/// <summary>How a <see cref="CrossCallAttribute"/> method is called on its target cores.</summary>
public enum CallMode
{
    /// <summary>The caller waits until every target core has run the method, and gets its return value.</summary>
    Sync = 0,

    /// <summary>The caller returns at once with a <see cref="Ticket"/>; the method must return <c>void</c>.</summary>
    Async = 1,
}
