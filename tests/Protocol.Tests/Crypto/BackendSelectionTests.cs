using Wickr.Cluster.Protocol;
using Wickr.Cluster.Protocol.Crypto;

namespace Wickr.Cluster.Protocol.Tests.Crypto;

public sealed class BackendSelectionTests
{
    [Fact]
    public void Auto_prefers_openssl_where_it_loads_and_managed_elsewhere()
    {
        var expected = Backends.OpenSslOnLinux() ?? EcBackend.Managed;

        Assert.Same(expected, EcBackend.Choose(null));
        Assert.Same(expected, EcBackend.Choose(""));
        Assert.Same(expected, EcBackend.Choose("auto"));
    }

    [Fact]
    public void Managed_can_be_forced()
    {
        Assert.Same(EcBackend.Managed, EcBackend.Choose("managed"));
        Assert.Same(EcBackend.Managed, EcBackend.Choose(" Managed "));
        Assert.Equal("managed", new P521Suite(EcBackend.Managed).Backend);
    }

    [Fact]
    public void Openssl_is_chosen_when_asked_for_and_refused_where_it_cannot_load()
    {
        if (Backends.OpenSslOnLinux() is { } openSsl)
        {
            Assert.Same(openSsl, EcBackend.Choose("openssl"));
            Assert.Same(openSsl, EcBackend.Choose("native"));
            Assert.Equal("openssl", new P521Suite(openSsl).Backend);
        }
        else
        {
            Assert.Equal(WickrError.InvalidState, Assert.Throws<WickrException>(() => EcBackend.Choose("openssl")).Error);
        }
    }

    [Fact]
    public void An_unknown_setting_is_refused()
    {
        Assert.Equal(WickrError.InvalidArgument, Assert.Throws<WickrException>(() => EcBackend.Choose("fastest")).Error);
    }

    [Fact]
    public void The_process_backend_follows_the_environment_variable()
    {
        var setting = Environment.GetEnvironmentVariable(EcBackend.SelectionVariable);

        Assert.Same(EcBackend.Choose(setting), EcBackend.Default);
        Assert.Equal(EcBackend.Default.Name, P521Suite.Instance.Backend);
    }
}
