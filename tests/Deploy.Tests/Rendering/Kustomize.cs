using System.Diagnostics;

namespace Wickr.Cluster.Deploy.Tests.Rendering;

/// <summary>Renders a kustomization with <c>kubectl kustomize</c>, as <c>kubectl apply -k</c> would.</summary>
internal static class Kustomize
{
    public static string Render(string directory)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);
        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl not found on PATH: the deploy tests render the manifests with `kubectl kustomize` (see README.md, Prerequisites).", e);
        }
        using var process = started ?? throw new InvalidOperationException("kubectl did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new InvalidOperationException($"kubectl kustomize {directory} did not finish in 60 s.");
        }

        return process.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"kubectl kustomize {directory} failed ({process.ExitCode}): {error.Result}");
    }
}
