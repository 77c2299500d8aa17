using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Wickr.Cluster.EndToEnd.Tests.Harness;

/// <summary>A client channel whose calls go through <paramref name="interceptor"/> on their way to <paramref name="inner"/>.</summary>
internal sealed class InterceptedChannel(ChannelBase inner, Interceptor interceptor) : ChannelBase(inner.Target)
{
    public override CallInvoker CreateCallInvoker() => inner.CreateCallInvoker().Intercept(interceptor);
}
