namespace Wickr.Cluster.EndToEnd.Tests.Telemetry;

/// <summary>
/// The Grafana dashboard's and the alert rules' queries name what an operator needs, read without a cluster
/// (<see cref="PrometheusScrapeTests"/> scrapes them from real hosts).
/// </summary>
public sealed class OperatorQueryTests
{
    [Fact]
    public void The_queries_name_the_metrics_an_operator_needs()
    {
        var names = OperatorQueries.All().SelectMany(q => PromQl.MetricNames(q.Expression)).ToHashSet(StringComparer.Ordinal);

        // What operators must be able to see: pool levels, last resort, mailbox depth and age, requests by RPC and
        // status, membership, process and runtime.
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "wickr_ephemeral_keys_pool_size_bucket", "wickr_ephemeral_keys_last_resort_total", "wickr_mailbox_depth_bucket",
                "wickr_mailbox_packet_age_seconds_bucket", "wickr_mailbox_fill_bucket", "wickr_gateway_calls_total",
                "wickr_gateway_call_duration_seconds_bucket", "wickr_silo_membership_changes_total", "process_cpu_time_seconds_total",
                "dotnet_gc_collections_total",
            },
            names);
    }

    [Fact]
    public void PromQl_names_are_read_past_functions_labels_ranges_and_groupings() =>
        Assert.Equal(
            ["a_bucket", "b_total"],
            PromQl.MetricNames("histogram_quantile(0.99, sum by (le, x) (rate(a_bucket{x!~\"y|by(z)\"}[5m]))) / clamp_min(sum(rate(b_total[$__rate_interval])), 1e-9) > 0.5").Order(StringComparer.Ordinal));
}
