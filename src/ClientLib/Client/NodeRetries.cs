using Google.Protobuf;

namespace Wickr.Cluster.ClientLib.Client;

/// <summary>
/// A call that answers per node (a claim, a packet) asked again for the nodes the gateway could not reach
/// (<see cref="GatewayCalls.IsTransient"/>: the silo holding a node's grain restarting or moving it), after
/// <see cref="WickrClientOptions.RetryDelay"/>, at most <see cref="WickrClientOptions.SendRetries"/> times.
/// </summary>
internal static class NodeRetries
{
    /// <summary>Every answer of every attempt, in order: a node's last answer comes last.</summary>
    /// <param name="nodes">The nodes of the first attempt.</param>
    /// <param name="ask">One call for some nodes, returning one answer per node.</param>
    /// <param name="unreachable">The node an answer names when it is worth asking again, else null.</param>
    /// <param name="options">How often and after what pause (<see cref="WickrClientOptions.SendRetries"/>, <see cref="WickrClientOptions.RetryDelay"/>).</param>
    /// <param name="cancellationToken">Stops the pauses.</param>
    public static async Task<List<TAnswer>> AskAsync<TAnswer>(
        IReadOnlyCollection<ByteString> nodes,
        Func<IReadOnlyCollection<ByteString>, Task<IEnumerable<TAnswer>>> ask,
        Func<TAnswer, ByteString?> unreachable,
        WickrClientOptions options,
        CancellationToken cancellationToken)
    {
        var answers = new List<TAnswer>();
        for (var attempt = 0; ; attempt++)
        {
            var reply = (await ask(nodes)).ToList();
            answers.AddRange(reply);
            nodes = [.. reply.Select(unreachable).OfType<ByteString>()];
            if (nodes.Count == 0 || attempt >= options.SendRetries)
            {
                return answers;
            }
            await Task.Delay(options.RetryDelay, options.TimeProvider, cancellationToken);
        }
    }
}
