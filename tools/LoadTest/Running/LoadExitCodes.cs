namespace Wickr.Cluster.LoadTest.Running;

/// <summary>What wickr-load's exit code means (also in --help and docs/load-testing.md); <c>wickr</c>'s own are <c>Cli.ExitCodes</c>.</summary>
internal static class LoadExitCodes
{
    /// <summary>The run finished and every SLO given was met.</summary>
    public const int Ok = 0;

    /// <summary>The run finished and at least one SLO was broken, or a chaos check failed (the report says which).</summary>
    public const int SloBroken = 1;

    /// <summary>The command line or the scenario file is wrong; nothing ran.</summary>
    public const int Usage = 2;

    /// <summary>The run could not start: cluster unreachable, registration refused, embedded silo failed.</summary>
    public const int SetupFailed = 3;

    /// <summary>Interrupted (Ctrl-C); the report of what ran so far is written.</summary>
    public const int Interrupted = 130;

    public const string Help = "exit codes: 0 every SLO met (and every chaos check held), 1 an SLO broken or a chaos check failed, 2 bad command line or scenario, 3 could not set up (cluster, registration, embedded silo), 130 interrupted";
}
