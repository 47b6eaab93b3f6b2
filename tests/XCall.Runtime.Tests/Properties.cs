using Xunit;

// Runtime tests start real core threads and several saturate them on purpose; on a 2-core machine they are
// steadier one class at a time. (Other test assemblies still run beside this one.)
[assembly: CollectionBehavior(DisableTestParallelization = true)]
