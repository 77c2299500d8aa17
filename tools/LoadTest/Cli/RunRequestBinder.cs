using System.CommandLine;
using System.Globalization;
using Wickr.Cluster.LoadTest.Running;
using Wickr.Cluster.LoadTest.Scenarios;
using Wickr.Cluster.LoadTest.Target;

namespace Wickr.Cluster.LoadTest.Cli;

/// <summary>Lays the flags over a scenario and checks the whole; every problem names its option or field.</summary>
internal static class RunRequestBinder
{
    public static (RunRequest? Request, IReadOnlyList<string> Problems) Bind(ParseResult parse, RunOptions o, Scenario scenario)
    {
        var problems = new List<string>();
        double? Seconds(Option<string?> option)
        {
            if (parse.GetValue(option) is not { } text)
            {
                return null;
            }
            if (Slo.ParseDuration(text) is { } duration)
            {
                return duration.TotalSeconds;
            }
            problems.Add($"{option.Name}: '{text}' is not a duration (e.g. 500ms, 10s, 5m)");
            return null;
        }

        var burstAt = Seconds(o.BurstAt);
        var burstFor = Seconds(o.BurstFor);
        var burstRate = parse.GetValue(o.BurstRate);
        var burst = scenario.Burst;
        if (burstAt is not null || burstFor is not null || burstRate is not null)
        {
            burst = new Burst(burstAt ?? burst?.AtSeconds ?? 0, burstFor ?? burst?.Seconds ?? 10, burstRate ?? burst?.Rate ?? scenario.Rate * 10);
        }
        double? offline = null;
        if (parse.GetValue(o.Offline) is { } offlineText)
        {
            offline = Slo.ParsePercent(offlineText);
            if (offline is null)
            {
                problems.Add($"--offline: '{offlineText}' is not a share (e.g. 20%)");
            }
        }
        var operation = scenario.Operation;
        if (parse.GetValue(o.Operation) is { } operationText && !Enum.TryParse(operationText, ignoreCase: true, out operation))
        {
            problems.Add($"--operation: '{operationText}' is not send, claim or room");
        }
        var siloSettings = new Dictionary<string, string>(scenario.SiloSettings, StringComparer.OrdinalIgnoreCase);
        foreach (var setting in parse.GetValue(o.SiloSetting) ?? [])
        {
            var split = setting.Split('=', 2);
            if (split.Length != 2 || split[0].Length == 0)
            {
                problems.Add($"--silo-setting: '{setting}' is not KEY=VALUE");
                continue;
            }
            siloSettings[split[0]] = split[1];
        }

        scenario = scenario with
        {
            DurationSeconds = Seconds(o.Duration) ?? scenario.DurationSeconds,
            MaxRequests = parse.GetValue(o.Requests) ?? scenario.MaxRequests,
            Rate = parse.GetValue(o.Rate) ?? scenario.Rate,
            RampTo = parse.GetValue(o.RampTo) ?? scenario.RampTo,
            Burst = burst,
            Recipients = parse.GetValue(o.Recipients) ?? scenario.Recipients,
            DevicesPerMember = parse.GetValue(o.DevicesPerMember) ?? scenario.DevicesPerMember,
            PoolSize = parse.GetValue(o.PoolSize) ?? scenario.PoolSize,
            LowWaterMark = parse.GetValue(o.LowWater) ?? scenario.LowWaterMark,
            ReactionDelayMs = Seconds(o.ReactionDelay) * 1000 ?? scenario.ReactionDelayMs,
            OfflineFraction = offline ?? scenario.OfflineFraction,
            Senders = parse.GetValue(o.Senders) ?? scenario.Senders,
            FanOut = parse.GetValue(o.FanOut) ?? scenario.FanOut,
            Operation = operation,
            MaxInFlight = parse.GetValue(o.MaxInFlight) ?? scenario.MaxInFlight,
            Seed = parse.GetValue(o.Seed) ?? scenario.Seed,
            SiloSettings = siloSettings,
            Chaos = parse.GetValue(o.Chaos) is { Length: > 0 } chaos ? chaos : scenario.Chaos,
        };
        problems.AddRange(scenario.Problems());

        var embedded = EmbeddedMode.None;
        if (parse.GetResult(o.Embedded) is not null)
        {
            var mode = parse.GetValue(o.Embedded);
            embedded = mode switch
            {
                null or "" or "inprocess" or "in-process" => EmbeddedMode.InProcess,
                "process" => EmbeddedMode.Process,
                _ => EmbeddedMode.None,
            };
            if (embedded == EmbeddedMode.None)
            {
                problems.Add($"--embedded: '{mode}' is neither inprocess nor process");
            }
        }
        var gateways = new List<Uri>();
        foreach (var address in parse.GetValue(o.Target) ?? [])
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri))
            {
                gateways.Add(uri);
            }
            else
            {
                problems.Add($"--target: '{address}' is not an address (e.g. https://gw.example:443)");
            }
        }
        LocalClusterTarget? local = null;
        if (parse.GetValue(o.LocalCluster) is { } localText)
        {
            local = LocalClusterTarget.Parse(localText, parse.GetValue(o.PreviousRelease)) is { } parsed
                ? parsed with { Logs = parse.GetValue(o.ClusterLogs) is { } logs ? Path.GetFullPath(logs) : null }
                : null;
            if (local is null)
            {
                problems.Add($"--local-cluster: '{localText}' is not SILOSxGATEWAYS with 1 to 16 of each (e.g. 3x2)");
            }
        }
        else if (parse.GetValue(o.PreviousRelease))
        {
            problems.Add("--previous-release needs --local-cluster");
        }
        if (scenario.Chaos.Count > 0 && parse.GetValue(o.LocalCluster) is null)
        {
            problems.Add("--chaos needs --local-cluster: the run kills and starts the processes of the cluster it started");
        }
        var target = new TargetOptions
        {
            LocalCluster = local,
            Gateways = gateways,
            CaFile = parse.GetValue(o.CaFile),
            Insecure = parse.GetValue(o.Insecure),
            RegistrationToken = parse.GetValue(o.RegistrationToken),
            Embedded = embedded,
        };
        if (embedded != EmbeddedMode.None || gateways.Count > 0 || local is not null || problems.Count == 0)
        {
            problems.AddRange(target.Problems());
        }

        var slos = new List<Slo>();
        foreach (var (option, template) in o.Slos)
        {
            if (parse.GetValue(option) is not { } text)
            {
                continue;
            }
            double? limit = template.IsLatency ? Slo.ParseDuration(text)?.TotalMilliseconds : Slo.ParsePercent(text);
            if (limit is null)
            {
                problems.Add($"{option.Name}: '{text}' is not a {(template.IsLatency ? "duration (e.g. 50ms)" : "share (e.g. 0.1%)")}");
                continue;
            }
            slos.Add(template with { Limit = limit.Value });
        }

        var output = parse.GetValue(o.Out)
            ?? Path.Combine("wickr-load-report", $"{scenario.Name}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        return problems.Count > 0 ? (null, problems) : (new RunRequest(scenario, target, output, slos), problems);
    }
}
