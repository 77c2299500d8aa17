using Azure.Data.Tables;
using Wickr.Cluster.Configuration;

namespace Wickr.Cluster.Grains.Storage.AzureTables;

/// <summary>
/// A packet body inside its table row: a binary table property holds at most 64 KiB, so the body is split
/// over properties Body00, Body01, … in order.
/// </summary>
internal static class AzurePacketBody
{
    public const int ChunkBytes = SiloAzureStorageOptions.InlineChunkBytes;
    public const int MaxChunks = SiloAzureStorageOptions.MaxInlineLimit / ChunkBytes;

    public static void Write(TableEntity entity, byte[] body)
    {
        for (int offset = 0, index = 0; offset < body.Length; offset += ChunkBytes, index++)
        {
            entity[PropertyName(index)] = body.AsSpan(offset, Math.Min(ChunkBytes, body.Length - offset)).ToArray();
        }
    }

    public static byte[] Read(TableEntity entity, int size)
    {
        var body = new byte[size];
        for (int offset = 0, index = 0; offset < size; offset += ChunkBytes, index++)
        {
            var chunk = entity.GetBinary(PropertyName(index))
                ?? throw new InvalidDataException($"Packet row {entity.RowKey} lacks body part {index}.");
            chunk.CopyTo(body, offset);
        }

        return body;
    }

    private static string PropertyName(int index) => $"Body{index:D2}";
}
