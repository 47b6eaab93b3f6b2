using Xunit;

// The end-to-end samples keep their observations in static per-core state, and the machine has two cores:
// tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
