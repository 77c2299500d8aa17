using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Wickr.Cluster.Hosting.Addresses;

/// <summary>Writes <see cref="HostingOptions.AddressesFile"/> once the host has started and removes it when the host stops.</summary>
internal sealed partial class AddressesFileWriter(
    ListeningAddresses addresses, IHostApplicationLifetime lifetime, HostingOptions options, ILogger<AddressesFileWriter> logger) : IHostedService
{
    private readonly string _path = options.AddressesFile!;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // A file left by an earlier run names ports that may belong to someone else by now.
        Delete();
        lifetime.ApplicationStarted.Register(Write);
        lifetime.ApplicationStopping.Register(Delete);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Write()
    {
        var bound = addresses.Bound();
        var temporary = $"{_path}.{Environment.ProcessId}.tmp";
        try
        {
            using (var stream = File.Create(temporary))
            using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                foreach (var (setting, urls) in bound)
                {
                    json.WriteStartArray(setting);
                    foreach (var url in urls)
                    {
                        json.WriteStringValue(url);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            // A rename within one folder replaces the file at once: a reader never sees half of it.
            File.Move(temporary, _path, overwrite: true);
            LogWritten(_path, string.Join(", ", bound.SelectMany(setting => setting.Value.Select(url => $"{setting.Key} {url}"))));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNotWritten(e, _path);
        }
    }

    private void Delete()
    {
        try
        {
            File.Delete(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNotDeleted(e, _path);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening addresses written to {Path}: {Addresses}")]
    private partial void LogWritten(string path, string addresses);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write the listening addresses to {Path}")]
    private partial void LogNotWritten(Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove the listening addresses file {Path}")]
    private partial void LogNotDeleted(Exception exception, string path);
}
