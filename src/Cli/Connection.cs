using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace Wickr.Cluster.Cli;

/// <summary>
/// The gRPC channel to the gateway; with <c>--ca</c>, TLS is trusted only when it chains to that CA. Plaintext
/// <c>http://</c> only to this machine (loopback) unless <c>--insecure</c>: bearer tokens and recovery access keys
/// would cross the network readable.
/// </summary>
internal static class Connection
{
    public static GrpcChannel Open(string server, string? caFile, bool insecure = false)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.Usage, $"--server must be an http:// or https:// address, not '{server}'");
        }
        if (address.Scheme == "http" && !insecure && !IsLoopback(address))
        {
            throw new CliException(ExitCodes.Usage,
                $"--server {server} is plaintext http:// to another machine: tokens and recovery keys would cross the network "
                + "unencrypted. Use https:// (with --ca for a private CA), or pass --insecure to accept that.");
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

    private static bool IsLoopback(Uri address) =>
        address.IsLoopback || (System.Net.IPAddress.TryParse(address.DnsSafeHost, out var ip) && System.Net.IPAddress.IsLoopback(ip));
}
