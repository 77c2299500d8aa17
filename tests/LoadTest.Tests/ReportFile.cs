using System.Text.Json;
using Wickr.Cluster.LoadTest.Reporting;

namespace Wickr.Cluster.LoadTest.Tests;

/// <summary>Reads a run's report.json back as the tool wrote it.</summary>
internal static class ReportFile
{
    public static RunReport Read(string folder)
    {
        var path = Path.Combine(folder, ReportWriter.JsonFile);
        Assert.True(File.Exists(path), $"{path} was not written");
        return JsonSerializer.Deserialize<RunReport>(File.ReadAllText(path), ReportWriter.JsonOptions)
            ?? throw new InvalidDataException($"{path} holds no report");
    }
}
