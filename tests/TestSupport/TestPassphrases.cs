namespace Wickr.Cluster.Testing;

/// <summary>Passphrases for tests that set one. ClientLib refuses weak new passphrases; tests use these rather than weaken the check.</summary>
public static class TestPassphrases
{
    /// <summary>Strong by zxcvbn (score 4).</summary>
    public const string Strong = "violet anchor tundra mosaic lantern 47";

    /// <summary>Another strong one, for a second person or a wrong guess that must still pass the check.</summary>
    public const string OtherStrong = "granite puffin orchard velvet 1893 sleet";
}
