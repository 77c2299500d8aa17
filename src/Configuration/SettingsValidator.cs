using Microsoft.Extensions.Options;

namespace Wickr.Cluster.Configuration;

/// <summary>The one options validator: asks any <see cref="ISettings"/> and names each problem under its section.</summary>
/// <typeparam name="T">The settings class.</typeparam>
/// <param name="section">The section the options are bound from.</param>
internal sealed class SettingsValidator<T>(string section) : IValidateOptions<T>
    where T : class, ISettings
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = Settings.Problems(options, section);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
