namespace Wickr.Cluster.ClientLib.Storage;

/// <summary>
/// Files and folders only their owner reads: folders 0700 and files 0600 where the OS has Unix modes, set when they
/// are created (no moment in which another local user could open them).
/// </summary>
public static class PrivateFiles
{
    /// <summary>rw for the owner only.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>rwx for the owner only.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Prefix of this client's scratch files in a store's folder (removed on failure, and when a store opens).</summary>
    public const string ScratchPrefix = "wickr-scratch-";

    /// <summary>Creates <paramref name="path"/> (and missing parents) as 0700; an existing folder is left as it is.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, FolderMode);
        }
    }

    /// <summary>Opens <paramref name="path"/> for writing, created (or truncated) as 0600 when new.</summary>
    public static FileStream Create(string path, System.IO.FileMode mode = System.IO.FileMode.Create, int bufferSize = 4096, FileOptions options = FileOptions.None)
    {
        var streamOptions = new FileStreamOptions
        {
            Mode = mode,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = bufferSize,
            Options = options,
        };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = FileMode;
        }

        var stream = new FileStream(path, streamOptions);
        Tighten(path);
        return stream;
    }

    /// <summary>Takes group and other bits off an existing file of ours (a store made by an older build, a truncated file).</summary>
    public static void Tighten(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & ~FileMode) != 0)
        {
            File.SetUnixFileMode(path, FileMode);
        }
    }

    /// <summary>A new scratch file name in <paramref name="folder"/> (the system's temp folder when null).</summary>
    public static string ScratchPath(string? folder, string suffix) =>
        Path.Combine(folder ?? Path.GetTempPath(), ScratchPrefix + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)) + suffix);

    /// <summary>Removes scratch files a killed process left in <paramref name="folder"/>; returns how many.</summary>
    public static int CleanScratch(string folder)
    {
        var removed = 0;
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        foreach (var file in Directory.EnumerateFiles(folder, ScratchPrefix + "*"))
        {
            try
            {
                // A scratch file another running process writes is locked (FileShare.None): opening it fails, it stays.
                using (new FileStream(file, System.IO.FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                }

                File.Delete(file);
                removed++;
            }
            catch (IOException)
            {
                // Another process of this user is using it (a get still running): its own cleanup removes it.
            }
        }

        return removed;
    }
}
