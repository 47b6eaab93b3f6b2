namespace XCall.Hosting;

/// <summary>Which <see cref="IpiChip"/> the hosted runtime's cores wait and wake with (configuration key <c>XCall:Chip</c>).</summary>
public enum IpiChipKind
{
    /// <summary>An idle core polls for the poll window, then blocks until a sender wakes it (<see cref="ParkingIpiChip"/>).</summary>
    Parking = 0,

    /// <summary>Cores never block: lowest latency, one busy CPU per core (<see cref="PollingIpiChip"/>).</summary>
    Polling = 1,
}
