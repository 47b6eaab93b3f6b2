using System;
using Xunit;

namespace XCall.Tests.Multikernel;

/// <summary>A test of the multikernel mode, which needs Linux (futexes, /dev/shm): skipped elsewhere, saying why.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "The multikernel mode needs Linux (futexes and /dev/shm).";
    }
}

/// <summary>A parameterised test of the multikernel mode (Linux only, like <see cref="LinuxFactAttribute"/>).</summary>
public sealed class LinuxTheoryAttribute : TheoryAttribute
{
    public LinuxTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "The multikernel mode needs Linux (futexes and /dev/shm).";
    }
}
