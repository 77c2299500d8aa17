using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Wickr.Cluster.LoadTest.Metrics;

/// <summary>A channel that runs every call of a WickrClient through an interceptor; the connection is the shared inner one.</summary>
internal sealed class MeasuredChannel(ChannelBase inner, Interceptor interceptor) : ChannelBase(inner.Target)
{
    public override CallInvoker CreateCallInvoker() => inner.CreateCallInvoker().Intercept(interceptor);
}
