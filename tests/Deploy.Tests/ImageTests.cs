using System.Xml.Linq;
using Wickr.Cluster.Deploy.Tests.Checks;
using Wickr.Cluster.Testing;

namespace Wickr.Cluster.Deploy.Tests;

/// <summary>The images the manifests run are the ones the SDK's container publishing builds.</summary>
public sealed class ImageTests(RenderedOverlays overlays) : IClassFixture<RenderedOverlays>
{
    [Theory]
    [InlineData("wickr-silo", "src/Silo/Silo.csproj")]
    [InlineData("wickr-gateway", "src/Gateway/Gateway.csproj")]
    public void Each_deployment_runs_the_pinned_tag_of_its_projects_image(string deployment, string project)
    {
        var properties = XDocument.Load(Path.Combine(TestRepository.Root, project)).Descendants();
        var repository = properties.Single(e => e.Name.LocalName == "ContainerRepository").Value;
        var tag = properties.Single(e => e.Name.LocalName == "ContainerImageTag").Value;

        foreach (var yaml in new[] { overlays.Dev, overlays.Production })
        {
            var image = Manifests.Load(yaml).Container(deployment).Image;
            Assert.EndsWith($"/{repository}:{tag}", image, StringComparison.Ordinal);
        }
    }
}
