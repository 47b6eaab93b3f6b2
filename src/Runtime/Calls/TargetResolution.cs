using System;

namespace XCall;

// Turning a Target into cores: validation, online filtering, the caller's condition, and the choice of "any core".
public sealed partial class XCallRuntime
{
    /// <summary>The cores of a multi-core target: validated, online, filtered by its condition (which runs here, on the caller).</summary>
    internal CoreMask ResolveMany(in Target target)
    {
        CoreMask online = OnlineCores;
        CoreMask mask = target.Kind switch
        {
            TargetKind.All => online,
            TargetKind.Others => CurrentCoreHere is { } self ? online.Without(self.Id) : online,
            TargetKind.Mask => ValidMask(target.Mask) & online,
            TargetKind.Core => CoreMask.Of(ValidCore(target.CoreId).Id) & online,
            _ => ValidMask(target.Mask) & online,
        };
        if (target.Condition is { } condition)
        {
            foreach (int id in mask)
                if (!condition(id)) mask = mask.Without(id);
        }
        return mask;
    }

    internal CoreMask ValidMask(CoreMask mask)
    {
        if (mask.IsEmpty) throw new ArgumentException("The core mask is empty: name at least one core.", nameof(mask));
        if (mask.Highest >= _cores.Length)
            throw new ArgumentOutOfRangeException(nameof(mask), mask, $"The mask names core {mask.Highest}, but this runtime has {_cores.Length} cores (0 to {_cores.Length - 1}).");
        return mask;
    }

    /// <summary>The core a single-core target names (choosing it now for "any of a mask").</summary>
    internal Core SingleCore(in Target target) => target.Kind switch
    {
        TargetKind.Core => ValidCore(target.CoreId),
        TargetKind.Any => PickAny(target.Mask),
        _ => throw new ArgumentException($"{target} names several cores, so it has several results: pass a results span.", nameof(target)),
    };

    /// <summary>
    /// Any one core of the mask: the caller's own core if the mask holds it, else the nearest idle one, else the
    /// least busy. "Near" is by core id, searched outwards from the caller's core; a thread that is not a core
    /// starts from a cursor of its own that moves on with each search, so its calls spread over the mask and one
    /// script places calls the same way on any thread.
    /// </summary>
    internal Core PickAny(CoreMask mask)
    {
        CoreMask candidates = ValidMask(mask) & OnlineCores;
        if (candidates.IsEmpty) throw new CoreOfflineException(mask.NextAtOrAfter(0), $"No core of {mask} is online.");
        Core? self = CurrentCoreHere;
        if (self is not null && candidates.Contains(self.Id)) return self;
        int origin;
        if (self is not null)
        {
            origin = self.Id;
        }
        else
        {
            ProducerContext context = Context();
            origin = context.AnyCursor % _cores.Length;
            context.AnyCursor = origin + 1;
        }
        Core? best = null;
        int bestDepth = int.MaxValue;
        for (int distance = 0; distance < _cores.Length; distance++)
        {
            for (int side = 0; side < 2; side++)
            {
                int id = side == 0 ? origin + distance : origin - distance;
                if ((uint)id >= (uint)_cores.Length || !candidates.Contains(id) || (distance == 0 && side == 1)) continue;
                Core core = _cores[id];
                if (core.LooksIdle) return core;
                int depth = core.Depth;
                if (depth < bestDepth) (best, bestDepth) = (core, depth);
            }
        }
        return best!;
    }
}
