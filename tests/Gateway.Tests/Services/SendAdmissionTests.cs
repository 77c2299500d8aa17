extern alias gateway;
using System.Security.Cryptography;
using gateway::Wickr.Cluster.Gateway.Messages;
using Microsoft.Extensions.Time.Testing;
using Wickr.Cluster.Grains.Interfaces;

namespace Wickr.Cluster.Gateway.Tests.Services;

/// <summary>
/// The gateway's send admission on its own, on a fake clock: for each send one decision (spend the node's lease, refuse
/// from memory, or ask the sender grain) from what the sender grain answered before, in a table of bounded size.
/// </summary>
public sealed class SendAdmissionTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_node_nothing_is_remembered_of_is_sent_to_its_sender_grain()
    {
        var admission = new SendAdmission(_time);

        Assert.Equal(SendRoute.AskSender, admission.Decide(Node(), 1, 100).Route);
        Assert.Equal(SendAdmission.DefaultCapacity, admission.Capacity);
    }

    [Fact]
    public void A_lease_pays_for_sends_until_its_deliveries_or_its_bytes_run_out()
    {
        var admission = new SendAdmission(_time);
        var byDeliveries = Node();
        var byBytes = Node();
        admission.Record(byDeliveries, Granted(3, 1_000));
        admission.Record(byBytes, Granted(16, 100));

        Assert.Equal([SendRoute.Lease, SendRoute.Lease, SendRoute.Lease, SendRoute.AskSender], Decisions(admission, byDeliveries, 4, 1, 10));
        Assert.Equal(SendRoute.Lease, admission.Decide(byBytes, 1, 60).Route);
        Assert.Equal(SendRoute.AskSender, admission.Decide(byBytes, 1, 60).Route);
        Assert.Equal(SendRoute.Lease, admission.Decide(byBytes, 1, 40).Route);
        Assert.Equal(SendRoute.AskSender, admission.Decide(byBytes, 1, 1).Route);
    }

    [Fact]
    public void A_send_to_more_nodes_than_a_lease_may_pay_for_goes_to_the_sender_grain_and_leaves_the_lease_whole()
    {
        var admission = new SendAdmission(_time);
        var node = Node();
        admission.Record(node, Granted(SendLease.MaxRecipients + 1, 1_000));

        Assert.Equal(SendRoute.AskSender, admission.Decide(node, SendLease.MaxRecipients + 1, 10).Route);
        Assert.Equal(SendRoute.Lease, admission.Decide(node, SendLease.MaxRecipients, 10).Route);
        Assert.Equal(SendRoute.Lease, admission.Decide(node, 1, 10).Route);
        Assert.Equal(SendRoute.AskSender, admission.Decide(node, 1, 10).Route);
    }

    [Fact]
    public void A_lease_is_spent_only_within_its_lifetime_from_when_the_gateway_received_it()
    {
        var admission = new SendAdmission(_time);
        var node = Node();
        admission.Record(node, Granted(16, 1_000));

        _time.Advance(Lifetime - TimeSpan.FromTicks(1));
        Assert.Equal(SendRoute.Lease, admission.Decide(node, 1, 1).Route);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(SendRoute.AskSender, admission.Decide(node, 1, 1).Route);
    }

    [Fact]
    public void A_refusal_is_repeated_with_what_is_left_of_its_wait_until_the_wait_has_passed()
    {
        var admission = new SendAdmission(_time);
        var node = Node();
        admission.RecordRefusal(node, TimeSpan.FromSeconds(5));

        Assert.Equal((SendRoute.Refuse, TimeSpan.FromSeconds(5)), Decision(admission, node));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal((SendRoute.Refuse, TimeSpan.FromSeconds(3)), Decision(admission, node));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal((SendRoute.AskSender, TimeSpan.Zero), Decision(admission, node));

        // Another node is not held to it.
        admission.RecordRefusal(node, TimeSpan.FromSeconds(5));
        Assert.Equal(SendRoute.AskSender, admission.Decide(Node(), 1, 1).Route);
    }

    [Fact]
    public void The_latest_refusal_replaces_an_earlier_one()
    {
        var admission = new SendAdmission(_time);
        var node = Node();
        admission.RecordRefusal(node, TimeSpan.FromSeconds(5));
        admission.RecordRefusal(node, TimeSpan.FromSeconds(1));

        Assert.Equal((SendRoute.Refuse, TimeSpan.FromSeconds(1)), Decision(admission, node));
    }

    [Fact]
    public void An_answer_without_a_lease_refuses_the_nodes_next_sends_for_the_wait_it_names_and_no_wait_refuses_nothing()
    {
        var admission = new SendAdmission(_time);
        var waits = Node();
        var free = Node();
        var never = Node();

        admission.Record(waits, new SendOutcome([], TimeSpan.FromMilliseconds(50)));
        admission.Record(free, new SendOutcome([], TimeSpan.Zero));
        admission.RecordRefusal(never, TimeSpan.FromMilliseconds(-1));

        Assert.Equal((SendRoute.Refuse, TimeSpan.FromMilliseconds(50)), Decision(admission, waits));
        Assert.Equal(SendRoute.AskSender, admission.Decide(free, 1, 1).Route);
        Assert.Equal(SendRoute.AskSender, admission.Decide(never, 1, 1).Route);
    }

    [Fact]
    public void A_remembered_refusal_lets_through_the_sends_a_live_lease_covers_and_no_other()
    {
        var admission = new SendAdmission(_time);
        var node = Node();
        admission.Record(node, Granted(3, 100));
        admission.RecordRefusal(node, TimeSpan.FromSeconds(30));

        // Too wide, or too large, for what the lease holds: refused, and the lease keeps all it holds.
        Assert.Equal(SendRoute.Refuse, admission.Decide(node, SendLease.MaxRecipients + 1, 5).Route);
        Assert.Equal(SendRoute.Refuse, admission.Decide(node, 1, 101).Route);
        Assert.Equal(SendRoute.Refuse, admission.Decide(node, 4, 4).Route);

        Assert.Equal([SendRoute.Lease, SendRoute.Lease, SendRoute.Refuse], Decisions(admission, node, 3, 1, 50));
        Assert.Equal(SendRoute.Lease, admission.Decide(node, 1, 0).Route);
        Assert.Equal(SendRoute.Refuse, admission.Decide(node, 1, 0).Route);

        // A new lease pays again; once it has run out the refusal holds every send until its own end.
        admission.Record(node, Granted(16, 1_000));
        Assert.Equal(SendRoute.Lease, admission.Decide(node, 1, 1).Route);
        _time.Advance(Lifetime);
        Assert.Equal(SendRoute.Refuse, admission.Decide(node, 1, 1).Route);
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(SendRoute.AskSender, admission.Decide(node, 1, 1).Route);
    }

    [Fact]
    public void A_lease_brought_back_while_the_nodes_lease_lives_is_added_to_it_and_lasts_as_long_as_the_later()
    {
        var admission = new SendAdmission(_time);
        var node = Node();
        admission.Record(node, Granted(2, 1_000));
        Assert.Equal(SendRoute.Lease, admission.Decide(node, 1, 1).Route);
        _time.Advance(TimeSpan.FromSeconds(5));

        admission.Record(node, Granted(2, 1_000));

        // One left of the first, two of the second, until the second's end (15 s from the start), not the first's (10 s).
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal([SendRoute.Lease, SendRoute.Lease, SendRoute.Lease, SendRoute.AskSender], Decisions(admission, node, 4, 1, 1));
        admission.Record(node, Granted(2, 1_000));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SendRoute.Lease, admission.Decide(node, 1, 1).Route);
    }

    [Fact]
    public void A_lease_brought_back_after_the_last_one_ran_out_starts_afresh_without_the_old_remainder()
    {
        var admission = new SendAdmission(_time);
        var node = Node();
        admission.Record(node, Granted(5, 1_000));
        _time.Advance(Lifetime);

        admission.Record(node, Granted(2, 1_000));

        Assert.Equal([SendRoute.Lease, SendRoute.Lease, SendRoute.AskSender], Decisions(admission, node, 3, 1, 1));
    }

    [Fact]
    public void A_cost_given_back_for_a_send_refused_after_the_decision_is_spent_again_on_the_same_lease()
    {
        var admission = new SendAdmission(_time);
        var node = Node();
        admission.Record(node, Granted(1, 100));

        var refusedLater = admission.Decide(node, 1, 100);
        Assert.Equal(SendRoute.Lease, refusedLater.Route);
        Assert.Equal(SendRoute.AskSender, admission.Decide(node, 1, 1).Route);
        admission.Return(refusedLater);

        Assert.Equal(SendRoute.Lease, admission.Decide(node, 1, 100).Route);
        Assert.Equal(SendRoute.AskSender, admission.Decide(node, 1, 1).Route);

        // Giving back a decision that took nothing gives nothing.
        admission.Return(admission.Decide(node, 1, 1));
        admission.RecordRefusal(node, TimeSpan.FromSeconds(1));
        admission.Return(admission.Decide(node, 1, 1));
        Assert.Equal(SendRoute.Refuse, admission.Decide(node, 1, 1).Route);
    }

    [Fact]
    public void A_cost_given_back_after_its_lease_ran_out_does_not_go_to_the_next_lease()
    {
        var admission = new SendAdmission(_time);
        var node = Node();
        admission.Record(node, Granted(1, 100));
        var late = admission.Decide(node, 1, 100);
        _time.Advance(Lifetime);
        admission.Record(node, Granted(1, 100));

        admission.Return(late);

        Assert.Equal([SendRoute.Lease, SendRoute.AskSender], Decisions(admission, node, 2, 1, 1));
    }

    [Fact]
    public async Task Concurrent_sends_that_each_bring_back_a_lease_lose_none_of_the_budget_it_holds()
    {
        const int workers = 8;
        const int perLease = 16;
        var admission = new SendAdmission(_time);
        var node = Node();
        using var start = new Barrier(workers);

        // Each worker's send missed the lease and brought one back at the same time; then all spend until nothing is left.
        var spent = await Together(workers, () =>
        {
            start.SignalAndWait();
            admission.Record(node, Granted(perLease, 1_000_000));
            start.SignalAndWait();
            var leased = 0;
            while (admission.Decide(node, 1, 1).Route == SendRoute.Lease)
            {
                leased++;
            }

            return leased;
        });

        var left = Decisions(admission, node, workers * perLease, 1, 1).Count(r => r == SendRoute.Lease);
        Assert.Equal(workers * perLease, spent.Sum() + left);
    }

    [Fact]
    public async Task Concurrent_sends_never_spend_more_than_the_lease_holds()
    {
        const int workers = 8;
        const int budget = 100_000;
        var admission = new SendAdmission(_time);
        var node = Node();
        admission.Record(node, Granted(budget, long.MaxValue));
        using var start = new Barrier(workers);

        var spent = await Together(workers, () =>
        {
            start.SignalAndWait();
            return Enumerable.Range(0, 2 * budget / workers).Count(_ => admission.Decide(node, 1, 1).Route == SendRoute.Lease);
        });

        Assert.Equal(budget, spent.Sum());
    }

    [Fact]
    public void Past_its_capacity_it_forgets_the_least_recently_used_node_first()
    {
        var admission = new SendAdmission(_time, capacity: 3);
        var (a, b, c, d, e) = (Node(), Node(), Node(), Node(), Node());
        admission.Record(a, Granted(16, 1_000));
        admission.Record(b, Granted(16, 1_000));
        admission.Record(c, Granted(16, 1_000));
        Assert.Equal(SendRoute.Lease, admission.Decide(a, 1, 1).Route);

        // b is the least recently used: a new node takes its place.
        admission.RecordRefusal(d, TimeSpan.FromMinutes(1));
        Assert.Equal(SendRoute.AskSender, admission.Decide(b, 1, 1).Route);
        Assert.Equal(SendRoute.Lease, admission.Decide(c, 1, 1).Route);
        Assert.Equal(SendRoute.Refuse, admission.Decide(d, 1, 1).Route);
        Assert.Equal(SendRoute.Lease, admission.Decide(a, 1, 1).Route);

        // Now c is: a refusal repeated counts as use as well as a lease spent.
        admission.Record(e, Granted(16, 1_000));
        Assert.Equal(SendRoute.AskSender, admission.Decide(c, 1, 1).Route);
        Assert.Equal(SendRoute.Refuse, admission.Decide(d, 1, 1).Route);
        Assert.Equal(SendRoute.Lease, admission.Decide(a, 1, 1).Route);
        Assert.Equal(SendRoute.Lease, admission.Decide(e, 1, 1).Route);
    }

    [Fact]
    public void A_node_whose_lease_and_refusal_have_both_run_out_gives_up_its_place()
    {
        var admission = new SendAdmission(_time, capacity: 2);
        var (done, refused, next) = (Node(), Node(), Node());
        admission.Record(done, Granted(16, 1_000));
        admission.RecordRefusal(refused, TimeSpan.FromHours(1));
        _time.Advance(Lifetime);

        Assert.Equal(SendRoute.AskSender, admission.Decide(done, 1, 1).Route);
        admission.Record(next, Granted(16, 1_000));

        // Had the spent entry stayed (and been the most recently used), the refusal would have been evicted.
        Assert.Equal(SendRoute.Refuse, admission.Decide(refused, 1, 1).Route);
        Assert.Equal(SendRoute.Lease, admission.Decide(next, 1, 1).Route);
    }

    [Fact]
    public void A_table_of_nodes_stays_within_its_capacity()
    {
        const int capacity = 100;
        var admission = new SendAdmission(_time, capacity);
        var nodes = Enumerable.Range(0, 3 * capacity).Select(_ => Node()).ToArray();
        foreach (var node in nodes)
        {
            admission.RecordRefusal(node, TimeSpan.FromMinutes(1));
        }

        Assert.All(nodes[..^capacity], node => Assert.Equal(SendRoute.AskSender, admission.Decide(node, 1, 1).Route));
        Assert.All(nodes[^capacity..], node => Assert.Equal(SendRoute.Refuse, admission.Decide(node, 1, 1).Route));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SendAdmission(_time, capacity: 0));
        var admission = new SendAdmission(_time);
        Assert.Throws<ArgumentOutOfRangeException>(() => admission.Decide(Node(), -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => admission.Decide(Node(), 1, -1));
        Assert.Equal(ClusterErrorCode.InvalidArgument, Assert.Throws<ClusterException>(() => admission.Decide(new byte[5], 1, 1)).Code);
        Assert.Throws<ArgumentNullException>(() => admission.Record(Node(), null!));
    }

    /// <summary>Runs <paramref name="work"/> on that many threads of their own (they meet at a barrier, so none may wait for a pool thread).</summary>
    private static Task<int[]> Together(int workers, Func<int> work) => Task.WhenAll(Enumerable.Range(0, workers)
        .Select(_ => Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

    private static byte[] Node() => RandomNumberGenerator.GetBytes(32);

    private static SendOutcome Granted(int deliveries, long bytes) => new([], TimeSpan.Zero, new SendLease(deliveries, bytes, Lifetime));

    private static (SendRoute Route, TimeSpan RetryAfter) Decision(SendAdmission admission, byte[] node)
    {
        var decision = admission.Decide(node, 1, 1);
        return (decision.Route, decision.RetryAfter);
    }

    private static SendRoute[] Decisions(SendAdmission admission, byte[] node, int count, int deliveries, long bytes) =>
        [.. Enumerable.Range(0, count).Select(_ => admission.Decide(node, deliveries, bytes).Route)];
}
