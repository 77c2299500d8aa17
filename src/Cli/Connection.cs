using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace Wickr.Cluster.Cli;

/// <summary>The gRPC channel to the gateway; with <c>--ca</c>, TLS is trusted only when it chains to that CA.</summary>
internal static class Connection
{
    public static GrpcChannel Open(string server, string? caFile)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.Usage, $"--server must be an http:// or https:// address, not '{server}'");
        }
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (caFile is not null)
        {
            if (!File.Exists(caFile))
            {
                throw new CliException(ExitCodes.Usage, $"--ca: no file {caFile}");
            }
            var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                    {
                        return false;
                    }
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(certificate));
                },
            };
        }
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, MaxReceiveMessageSize = 16 * 1024 * 1024 });
    }
}
