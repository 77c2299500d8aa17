using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Wickr.Cluster.Silo.Tests.Hosting;

/// <summary>Silo:ActivationIdleAge reaches Orleans' grain collection at every value the setting allows.</summary>
public sealed class ActivationIdleAgeTests
{
    [Theory]
    [InlineData("00:01:00")]
    [InlineData("00:05:00")]
    [InlineData("1.00:00:00")]
    public async Task The_silo_starts_with_the_idle_age_and_collects_at_least_twice_per_age(string age)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "wickr-silo-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var silo = await InProcessSilo.StartAsync(new Dictionary<string, string?>
            {
                ["Silo:DataDirectory"] = dataDirectory,
                ["Silo:ActivationIdleAge"] = age,
            });

            var collection = silo.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;
            Assert.Equal(TimeSpan.Parse(age, System.Globalization.CultureInfo.InvariantCulture), collection.CollectionAge);
            Assert.True(collection.CollectionQuantum * 2 <= collection.CollectionAge, $"quantum {collection.CollectionQuantum}, age {collection.CollectionAge}");
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    [Fact]
    public void A_refusal_by_Orleans_own_options_checks_is_one_line_naming_it()
    {
        var refusal = Wickr.Cluster.Configuration.ConfigurationRefusal.Describe(
            new Orleans.Runtime.OrleansConfigurationException("CollectionAge is set to 00:01:00.\nCollectionAge must be greater than CollectionQuantum"));

        Assert.Equal("Invalid configuration: CollectionAge is set to 00:01:00. CollectionAge must be greater than CollectionQuantum", refusal);
    }
}
