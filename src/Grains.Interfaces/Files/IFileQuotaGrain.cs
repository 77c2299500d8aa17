namespace Wickr.Cluster.Grains.Interfaces.Files;

/// <summary>One user's file quota (keyed by root identifier hex): the sizes of the user's stored files.</summary>
public interface IFileQuotaGrain : IGrainWithStringKey
{
    /// <summary>Reserves <paramref name="size"/> bytes for <paramref name="blobId"/>; refuses (LimitExceeded) beyond <paramref name="quota"/>.</summary>
    Task Reserve(string blobId, long size, long quota);

    /// <summary>Gives back what <paramref name="blobId"/> reserved; unknown ids are ignored.</summary>
    Task Release(string blobId);

    /// <summary>The bytes reserved now.</summary>
    Task<long> Used();
}
