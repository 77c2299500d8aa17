namespace Wickr.Cluster.LoadTest.Population;

/// <summary>A member of a room-burst run's room: its user name, its devices, and whether they stay online.</summary>
internal sealed record RoomMember(string UserName, IReadOnlyList<SimulatedDevice> Devices, bool Online);
