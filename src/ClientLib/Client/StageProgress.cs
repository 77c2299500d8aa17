using Wickr.Cluster.ClientLib.Files;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>Byte counts of one stage of a file transfer, reported as <see cref="FileTransferProgress"/>.</summary>
internal sealed class StageProgress(IProgress<FileTransferProgress> progress, FileTransferStage stage, long total) : IProgress<long>
{
    public static IProgress<long>? For(IProgress<FileTransferProgress>? progress, FileTransferStage stage, long total)
        => progress is null ? null : new StageProgress(progress, stage, total);

    public void Report(long value) => progress.Report(new FileTransferProgress(stage, value, total));
}
