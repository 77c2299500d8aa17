using System.Diagnostics;
using System.Globalization;

namespace Wickr.Cluster.Load;

/// <summary>
/// CPU time (user + system) of processes from <c>/proc/&lt;pid&gt;/stat</c>, and the silo and gateway processes this
/// run started (the dotnet processes below ours whose command line names their assembly).
/// </summary>
internal static class ProcessCpu
{
    private static readonly Lazy<double> TicksPerSecond = new(ReadTicksPerSecond);

    /// <summary>CPU time of <paramref name="pid"/> so far; zero once the process is gone.</summary>
    public static TimeSpan Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces) in parentheses: state is field 3, utime 14, stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond.Value);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>Processes below this one whose command line contains <paramref name="assemblyName"/>.</summary>
    public static int[] Descendants(string assemblyName)
    {
        var self = Environment.ProcessId;
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid) || pid == self)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.StartsWith("dotnet ", StringComparison.Ordinal) && commandLine.Contains(assemblyName, StringComparison.Ordinal) && IsBelow(pid, self))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        return [.. found];
    }

    private static bool IsBelow(int pid, int ancestor)
    {
        for (var i = 0; i < 8 && pid > 1; i++)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            pid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
            if (pid == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    private static double ReadTicksPerSecond()
    {
        using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
        var text = getconf.StandardOutput.ReadToEnd().Trim();
        getconf.WaitForExit();
        return double.TryParse(text, CultureInfo.InvariantCulture, out var ticks) && ticks > 0 ? ticks : 100;
    }
}
