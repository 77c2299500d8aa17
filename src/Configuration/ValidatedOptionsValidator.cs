using Microsoft.Extensions.Options;

namespace Wickr.Cluster.Configuration;

/// <summary>The one options validator: asks any <see cref="IValidatableOptions"/> and names each problem under its section.</summary>
/// <typeparam name="T">The options class.</typeparam>
/// <param name="section">The section the options are bound from.</param>
internal sealed class ValidatedOptionsValidator<T>(string section) : IValidateOptions<T>
    where T : class, IValidatableOptions
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = ValidatedOptions.Problems(options, section);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
