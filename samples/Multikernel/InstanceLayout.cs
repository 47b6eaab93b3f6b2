namespace XCall.Samples.Multikernel;

/// <summary>
/// Cores grouped into instances, as a multikernel runs one kernel per group of CPUs: instance i owns cores
/// i × <see cref="CoresPerInstance"/> onwards. Instances form a ring: each sends its blocks to the next.
/// </summary>
internal readonly record struct InstanceLayout(int Instances, int CoresPerInstance)
{
    public int Cores => Instances * CoresPerInstance;

    public CoreMask CoresOf(int instance) => CoreMask.Range(instance * CoresPerInstance, CoresPerInstance);

    public int InstanceOf(int core) => core / CoresPerInstance;

    /// <summary>The core that starts an instance's work (its first).</summary>
    public int BootCore(int instance) => instance * CoresPerInstance;

    /// <summary>The core of the next instance that block <paramref name="sequence"/> from <paramref name="core"/> goes to: the blocks spread over its cores.</summary>
    public int PeerCore(int core, long sequence) => BootCore((InstanceOf(core) + 1) % Instances) + (int)(sequence % CoresPerInstance);
}
