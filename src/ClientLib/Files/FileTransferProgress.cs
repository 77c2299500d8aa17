namespace Wickr.Cluster.ClientLib.Files;

/// <summary>One progress report of a file transfer.</summary>
/// <param name="Stage">What is being done.</param>
/// <param name="Done">Bytes done in this stage.</param>
/// <param name="Total">Bytes of this stage in all.</param>
public sealed record FileTransferProgress(FileTransferStage Stage, long Done, long Total);
