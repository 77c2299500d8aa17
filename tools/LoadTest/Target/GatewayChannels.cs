using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace Wickr.Cluster.LoadTest.Target;

/// <summary>One gRPC channel per gateway address, with TLS checked against the system store, a CA file, or not at all.</summary>
internal static class GatewayChannels
{
    public static IReadOnlyList<GrpcChannel> Open(IReadOnlyList<Uri> gateways, string? caFile, bool insecure)
    {
        X509Certificate2Collection? roots = null;
        if (caFile is not null)
        {
            roots = [];
            roots.ImportFromPemFile(caFile);
        }
        return [.. gateways.Select(address => GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = Handler(roots, insecure),
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        }))];
    }

    private static SocketsHttpHandler Handler(X509Certificate2Collection? roots, bool insecure)
    {
        var handler = new SocketsHttpHandler
        {
            // Every online device holds a Subscribe stream: more than one connection's worth of streams.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
        };
        if (insecure)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (roots is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                {
                    return false;
                }
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            };
        }
        return handler;
    }
}
