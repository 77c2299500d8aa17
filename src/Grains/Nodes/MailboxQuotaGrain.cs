using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Grains.Nodes;

/// <inheritdoc cref="IMailboxQuotaGrain"/>
/// <remarks>
/// A charge sits in the bucket of the hour its expiry falls in and lapses when that hour has passed, so a release that
/// never arrives (a silo gone between an ack and its release) costs the user its bytes until the packets would have
/// expired anyway, never longer. A packet's release names the packet's expiry; the packet was charged as part of a grant,
/// whose bucket is the same or up to a grant lifetime (and an hour's rounding) later, so a release takes from its own
/// bucket first and then from those few after it. Totals err in the user's favour, never below zero.
/// <para>
/// Reentrant: the state changes only in the synchronous part of a call, and one write carries every change made while
/// the previous write was in flight, so a send to hundreds of mailboxes asking for grants at once costs a few writes,
/// not one each in a queue.
/// </para>
/// </remarks>
[GrainType("wickr-mailbox-quota")]
[Reentrant]
internal sealed class MailboxQuotaGrain(
    [PersistentState("mailbox-quota", WickrGrains.StorageName)] IPersistentState<MailboxQuotaState> state,
    IOptions<MailboxOptions> options,
    [FromKeyedServices(WickrGrains.TimeProviderKey)] TimeProvider time) : Grain, IMailboxQuotaGrain
{
    private const long GrantShareOfRoom = 16;

    private readonly MailboxOptions _options = options.Value;

    // Changes made in memory, counted; how many of them the last completed write carried; the write in flight.
    private long _changed;
    private long _persisted;
    private Task? _writing;

    public async Task<MailboxQuotaGrant> ReserveAsync(MailboxCharge? unspent, long leastBytes, long wantedBytes)
    {
        EnsureValidKey();
        if (leastBytes < 1 || wantedBytes < leastBytes)
        {
            throw Require.Invalid("A quota grant asks for at least 1 byte and wants at least that.");
        }

        var now = time.GetUtcNow();
        var buckets = state.State.Buckets;
        var changed = Lapse(now);
        if (unspent is not null)
        {
            changed |= Release(unspent, now);
        }

        var used = buckets.Values.Sum();
        if (used + leastBytes > _options.QuotaBytesPerUser)
        {
            if (changed)
            {
                await PersistAsync();
            }

            ClusterMetrics.SenderQuotaRejections.Add(1);
            throw Require.Error(ClusterErrorCode.LimitExceeded,
                $"The sender's mailbox quota ({_options.QuotaBytesPerUser} bytes) is held by its packets waiting in recipients' mailboxes until they are read or expire; the packet was not stored.");
        }

        // At most a sixteenth of the room left (never less than the packet at hand): mailboxes asking at once near the
        // quota each get less, rather than the first few holding the last of it unspent while the others are refused.
        var room = _options.QuotaBytesPerUser - used;
        var granted = Math.Clamp(Math.Min(wantedBytes, room / GrantShareOfRoom), leastBytes, room);
        var spendUntil = now + _options.QuotaGrantLifetime;
        var expiresAt = spendUntil + _options.Retention;
        var bucket = Bucket(expiresAt);
        buckets[bucket] = buckets.GetValueOrDefault(bucket) + granted;
        try
        {
            await PersistAsync();
        }
        catch
        {
            // Nothing charged for a grant nobody received (calls meanwhile may have changed the bucket); the lapse and the
            // given-back room are written next time.
            var held = buckets.GetValueOrDefault(bucket) - granted;
            if (held > 0)
            {
                buckets[bucket] = held;
            }
            else
            {
                buckets.Remove(bucket);
            }

            throw;
        }

        return new MailboxQuotaGrant(granted, spendUntil, expiresAt);
    }

    public async Task ReleaseAsync(MailboxCharge[] charges)
    {
        EnsureValidKey();
        if (charges is null)
        {
            throw Require.Invalid("A release names the charges to give back.");
        }

        var now = time.GetUtcNow();
        var changed = Lapse(now);
        foreach (var charge in charges)
        {
            if (charge is not null)
            {
                changed |= Release(charge, now);
            }
        }

        if (changed)
        {
            await PersistAsync();
        }
    }

    public Task<long> GetUsedAsync()
    {
        EnsureValidKey();
        Lapse(time.GetUtcNow());
        return Task.FromResult(state.State.Buckets.Values.Sum());
    }

    /// <summary>
    /// Persists every change made so far: waits for a write in flight, then joins the next one, which carries all changes
    /// made meanwhile; throws only when the write this call made itself failed (another's failure: it writes again).
    /// </summary>
    private async Task PersistAsync()
    {
        var change = ++_changed;
        while (_persisted < change)
        {
            if (_writing is { } inFlight)
            {
                try
                {
                    await inFlight;
                }
                catch (Exception)
                {
                    // Its caller answers for it; this change is written again below.
                }

                continue;
            }

            var carried = _changed;
            var write = state.WriteStateAsync();
            _writing = write;
            try
            {
                await write;
                _persisted = Math.Max(_persisted, carried);
            }
            finally
            {
                _writing = null;
            }
        }
    }

    private static long Bucket(DateTimeOffset expiresAt) => MailboxCharge.LapseHour(expiresAt);

    private static bool Lapsed(long bucket, DateTimeOffset now) => bucket * TimeSpan.TicksPerHour <= now.UtcTicks;

    /// <summary>Drops the buckets whose hour has passed; true when any was.</summary>
    private bool Lapse(DateTimeOffset now)
    {
        var buckets = state.State.Buckets;
        var lapsed = buckets.Keys.Where(bucket => Lapsed(bucket, now)).ToList();
        foreach (var bucket in lapsed)
        {
            buckets.Remove(bucket);
        }

        return lapsed.Count > 0;
    }

    /// <summary>Takes a charge off its bucket and, for what is left, the buckets its grant's charge may sit in; true when any changed.</summary>
    private bool Release(MailboxCharge charge, DateTimeOffset now)
    {
        var first = Bucket(charge.ExpiresAt);
        if (charge.Bytes < 1 || Lapsed(first, now))
        {
            return false;
        }

        var buckets = state.State.Buckets;
        var last = first + (_options.QuotaGrantLifetime.Ticks + TimeSpan.TicksPerHour - 1) / TimeSpan.TicksPerHour + 1;
        var rest = charge.Bytes;
        var changed = false;
        for (var bucket = first; bucket <= last && rest > 0; bucket++)
        {
            if (!buckets.TryGetValue(bucket, out var held))
            {
                continue;
            }

            var taken = Math.Min(held, rest);
            rest -= taken;
            changed = true;
            if (held == taken)
            {
                buckets.Remove(bucket);
            }
            else
            {
                buckets[bucket] = held - taken;
            }
        }

        return changed;
    }

    private void EnsureValidKey()
    {
        if (!GrainKeys.IsRootGrainKey(this.GetPrimaryKeyString()))
        {
            DeactivateOnIdle();
            throw Require.Invalid("A mailbox quota grain key is a root identifier in lowercase hex.");
        }
    }
}
