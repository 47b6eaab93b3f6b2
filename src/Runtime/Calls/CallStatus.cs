namespace XCall;

/// <summary>Whether a send went out or found a queue full (the Try forms report it as a bool).</summary>
internal enum CallStatus
{
    /// <summary>The call was accepted (for a sync form: accepted and finished).</summary>
    Accepted = 0,

    /// <summary>
    /// A target queue was full, so nothing was sent. For a multi-core form this is all or nothing: no core got the call.
    /// </summary>
    Busy = 1,
}
