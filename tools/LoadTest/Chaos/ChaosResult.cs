namespace Wickr.Cluster.LoadTest.Chaos;

/// <summary>What a chaos run found: the actions with their failures and recovery, and the client-side checks.</summary>
internal sealed record ChaosResult
{
    public required IReadOnlyList<ChaosEvent> Events { get; init; }

    /// <summary>Deliveries to online devices the gateways acknowledged (queued).</summary>
    public required int Acknowledged { get; init; }

    /// <summary>Acknowledged deliveries never decrypted by their device after the run (must be 0).</summary>
    public required int Lost { get; init; }

    /// <summary>A few lost deliveries (the first and the last), node:message id and when the gateway acknowledged it.</summary>
    public required IReadOnlyList<string> LostExamples { get; init; }

    /// <summary>Packets the devices received but could not decrypt, by reason (each is also a lost delivery).</summary>
    public IReadOnlyDictionary<string, int> Undecryptable { get; init; } = new Dictionary<string, int>();

    /// <summary>One-time keys handed out.</summary>
    public required int KeysClaimed { get; init; }

    /// <summary>One-time keys handed out more than once (must be 0).</summary>
    public required int KeysHandedOutTwice { get; init; }

    /// <summary>Online devices whose stream was probed after the last action.</summary>
    public required int Streams { get; init; }

    /// <summary>Of those, the ones whose stream delivered the probe (must be all).</summary>
    public required int StreamsResumed { get; init; }

    /// <summary>Operations that ended during the run, and the failed ones: the error budget spent.</summary>
    public required int Operations { get; init; }

    public required int FailedOperations { get; init; }

    public double ErrorBudget => Operations == 0 ? 0 : Math.Round((double)FailedOperations / Operations, 6);

    /// <summary>The longest time until sends succeeded again after any action.</summary>
    public double SendsSucceedAgainAfterSeconds => Events.Count == 0 ? 0 : Events.Max(e => e.SendsSucceedAgainAfterSeconds);

    /// <summary>Nothing acknowledged lost, no key handed out twice, every stream resumed.</summary>
    public bool Held => Lost == 0 && KeysHandedOutTwice == 0 && StreamsResumed == Streams;
}
