using Xunit;

namespace XCall.IntegrationTests.Packaging;

/// <summary>The tests that read the packed packages: one <see cref="PackedFeed"/> for all of them, packed once.</summary>
[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "Packed packages";
}
