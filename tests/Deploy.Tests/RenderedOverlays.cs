using Wickr.Cluster.Deploy.Tests.Rendering;

namespace Wickr.Cluster.Deploy.Tests;

/// <summary>The overlays rendered once per test class (kubectl kustomize takes a moment).</summary>
public sealed class RenderedOverlays : IDisposable
{
    private readonly DeployTree _tree = DeployTree.Create();

    public RenderedOverlays()
    {
        Dev = _tree.Render("dev");
        Production = _tree.Render("production");
        OnPrem = _tree.Render("onprem");
    }

    public string Dev { get; }

    public string Production { get; }

    public string OnPrem { get; }

    public string Yaml(string overlay) => overlay switch
    {
        "dev" => Dev,
        "production" => Production,
        "onprem" => OnPrem,
        _ => throw new ArgumentOutOfRangeException(nameof(overlay), overlay, "dev, production or onprem"),
    };

    public void Dispose() => _tree.Dispose();
}
