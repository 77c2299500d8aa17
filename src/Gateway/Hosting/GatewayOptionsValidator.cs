using Microsoft.Extensions.Options;

namespace Wickr.Cluster.Gateway.Hosting;

/// <summary>Refuses to start with settings that cannot work, naming each.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = options.Validate().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
