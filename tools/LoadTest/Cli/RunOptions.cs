using System.CommandLine;

namespace Wickr.Cluster.LoadTest.Cli;

/// <summary>The options every run command takes: target, population, schedule, bounds, output and SLOs.</summary>
internal sealed class RunOptions
{
    public Option<string[]> Target { get; } = new("--target") { Description = "gateway address(es), http://host:port (h2c) or https://host:port; devices are spread over them", AllowMultipleArgumentsPerToken = true };
    public Option<string?> CaFile { get; } = new("--ca-file") { Description = "PEM file with the CA of the gateways' TLS certificates" };
    public Option<bool> Insecure { get; } = new("--insecure") { Description = "accept any TLS certificate (test clusters only)" };
    public Option<string?> RegistrationToken { get; } = new("--registration-token") { Description = "registration token for a cluster whose registration policy is Invite (never logged)" };
    public Option<string?> Embedded { get; } = new("--embedded") { Description = "start a local silo with its gateway: 'inprocess' (default) or 'process' (a child process)", Arity = ArgumentArity.ZeroOrOne };
    public Option<string?> LocalCluster { get; } = new("--local-cluster") { Description = "start a local cluster of this checkout: SILOSxGATEWAYS, e.g. 3x2 (Azurite, silo and gateway processes on loopback)" };
    public Option<bool> PreviousRelease { get; } = new("--previous-release") { Description = "with --local-cluster: start from the previous release's build (deploy/local/previous-release); a 'roll' then upgrades it" };
    public Option<string?> ClusterLogs { get; } = new("--cluster-logs") { Description = "with --local-cluster: keep the processes' logs in this folder (default: removed with the cluster)" };
    public Option<string[]> Chaos { get; } = new("--chaos") { Description = "with --local-cluster: actions at times into the run, e.g. kill-silo@20s,roll@40s,kill-gateway@90s,add-silo@100s (kill-silo, stop-silo, roll, kill-gateway, stop-gateway, replace-gateway, add-silo)", AllowMultipleArgumentsPerToken = true };
    public Option<string?> Duration { get; } = new("--duration") { Description = "how long operations are issued, e.g. 10s, 5m" };
    public Option<long?> Requests { get; } = new("--requests") { Description = "most operations issued (the run also stops after --duration)" };
    public Option<double?> Rate { get; } = new("--rate") { Description = "operations per second (each claims one key per recipient device)" };
    public Option<double?> RampTo { get; } = new("--ramp-to") { Description = "grow the rate linearly to this by the end" };
    public Option<string?> BurstAt { get; } = new("--burst-at") { Description = "start of a burst, e.g. 20s" };
    public Option<string?> BurstFor { get; } = new("--burst-for") { Description = "length of the burst, e.g. 10s" };
    public Option<double?> BurstRate { get; } = new("--burst-rate") { Description = "operations per second during the burst" };
    public Option<int?> Recipients { get; } = new("--recipients") { Description = "N: recipient devices (one user each)" };
    public Option<int?> DevicesPerMember { get; } = new("--devices-per-member") { Description = "devices of each room member (room-burst; --recipients is the number of members)" };
    public Option<int?> PoolSize { get; } = new("--pool-size") { Description = "K: one-time keys each recipient keeps published" };
    public Option<int?> LowWater { get; } = new("--low-water") { Description = "L: the pools' low-water mark (embedded silo; a remote cluster keeps its own)" };
    public Option<string?> ReactionDelay { get; } = new("--reaction-delay") { Description = "how long an online device waits after a pool-low signal, e.g. 500ms" };
    public Option<string?> Offline { get; } = new("--offline") { Description = "share of recipient devices that never replenish, e.g. 20%" };
    public Option<int?> Senders { get; } = new("--senders") { Description = "M: sending devices (one user each)" };
    public Option<int?> FanOut { get; } = new("--fan-out") { Description = "recipient users per operation" };
    public Option<string?> Operation { get; } = new("--operation") { Description = "send (claim, encode, queue), claim (claim only: a stranger draining pools) or room (a group message to a room of --recipients members)" };
    public Option<int?> MaxInFlight { get; } = new("--max-in-flight") { Description = "most operations outstanding; beyond it a due operation is dropped and counted" };
    public Option<int?> Seed { get; } = new("--seed") { Description = "seed of the choice of senders and recipients" };
    public Option<string[]> SiloSetting { get; } = new("--silo-setting") { Description = "KEY=VALUE configuration of the embedded silo, e.g. Grains:EphemeralKeyPool:ClaimBurst=1000" };
    public Option<string?> Out { get; } = new("--out") { Description = "folder for report.json, seconds.csv and the PNG plots (default wickr-load-report/<scenario>-<time>)" };
    public IReadOnlyList<(Option<string?> Option, Running.Slo Template)> Slos { get; } = [.. Running.Slo.Known.Select(k =>
        (new Option<string?>(k.Option) { Description = "SLO: " + k.Help }, new Running.Slo(k.Option.TrimStart('-'), 0, k.IsLatency, k.Actual)))];

    public void AddTo(Command command)
    {
        foreach (var option in new Option[]
        {
            Target, CaFile, Insecure, RegistrationToken, Embedded, LocalCluster, PreviousRelease, ClusterLogs, Chaos, Duration, Requests, Rate, RampTo, BurstAt, BurstFor, BurstRate,
            Recipients, DevicesPerMember, PoolSize, LowWater, ReactionDelay, Offline, Senders, FanOut, Operation, MaxInFlight, Seed, SiloSetting, Out,
        })
        {
            command.Options.Add(option);
        }
        foreach (var (option, _) in Slos)
        {
            command.Options.Add(option);
        }
    }
}
