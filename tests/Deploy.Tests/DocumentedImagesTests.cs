using System.Text.RegularExpressions;
using System.Xml.Linq;
using Wickr.Cluster.Deploy.Tests.Checks;
using Wickr.Cluster.Deploy.Tests.Rendering;
using Wickr.Cluster.Testing;

namespace Wickr.Cluster.Deploy.Tests;

/// <summary>
/// docs/deploying.md's way to your own images: the names its <c>dotnet publish</c> commands give the images (registry,
/// repository, and the tag each project pins) are the names the deployments run after its kustomize <c>images:</c>
/// override, applied in an overlay of your own on top of the production overlay.
/// </summary>
public sealed partial class DocumentedImagesTests
{
    [Fact]
    public void The_documented_override_makes_the_deployments_run_the_images_the_documented_build_makes()
    {
        var guide = File.ReadAllText(Path.Combine(TestRepository.Root, "docs", "deploying.md"));
        var variables = Variables().Match(guide);
        Assert.True(variables.Success, "docs/deploying.md names no REG=… REPO=… for its build commands");
        var registry = variables.Groups["registry"].Value;
        var repository = variables.Groups["repository"].Value;
        var images = ImagesBlock().Match(guide);
        Assert.True(images.Success, "docs/deploying.md shows no images: block");

        using var tree = DeployTree.Create();
        var overlay = Path.Combine(tree.Root, "overlays", "mine");
        Directory.CreateDirectory(overlay);
        File.WriteAllText(Path.Combine(overlay, "kustomization.yaml"),
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../production\n" + Unindent(images.Value));
        var rendered = Manifests.Load(tree.Render("mine"));

        foreach (var (deployment, project) in new[] { ("wickr-silo", "Silo"), ("wickr-gateway", "Gateway") })
        {
            var build = Regex.Match(guide, $@"dotnet publish src/{project} .*-p:ContainerRegistry=\$REG -p:ContainerRepository=\$REPO(?<suffix>[\w-]*)");
            Assert.True(build.Success, $"docs/deploying.md has no publish command for src/{project} with $REG and $REPO");
            var tag = XDocument.Load(Path.Combine(TestRepository.Root, "src", project, project + ".csproj")).Descendants()
                .Single(e => e.Name.LocalName == "ContainerImageTag").Value;
            var built = $"{registry}/{repository}{build.Groups["suffix"].Value}:{tag}";

            Assert.Equal(built, rendered.Container(deployment).Image);
        }
    }

    private static string Unindent(string block)
    {
        var lines = block.Split('\n');
        var indent = lines[0].Length - lines[0].TrimStart().Length;
        return string.Join('\n', lines.Select(line => line.Length >= indent ? line[indent..] : line.TrimStart())) + "\n";
    }

    [GeneratedRegex(@"REG=(?<registry>\S+) REPO=(?<repository>\S+)")]
    private static partial Regex Variables();

    // The yaml fence's "images:" line and its indented entries.
    [GeneratedRegex(@"^[ ]*images:\n(?:[ ]+(?:- name|newName|newTag):.*\n)+", RegexOptions.Multiline)]
    private static partial Regex ImagesBlock();
}
