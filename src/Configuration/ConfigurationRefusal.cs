using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Wickr.Cluster.Configuration;

/// <summary>
/// The one line a host prints when it refuses its configuration: a setting that cannot work (<see cref="InvalidConfigurationException"/>,
/// <see cref="OptionsValidationException"/>) or a value that does not even read as its type (the configuration binder's
/// "Failed to convert configuration value", named here with the setting and what it takes), never a stack trace.
/// </summary>
public static partial class ConfigurationRefusal
{
    /// <summary>The line to print for <paramref name="exception"/>, or null when it is not about the configuration.</summary>
    /// <param name="exception">What stopped the host.</param>
    /// <returns>One line naming the setting, starting with <c>Invalid configuration:</c>; or null.</returns>
    public static string? Describe(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case InvalidConfigurationException invalid:
                    return OneLine(invalid.Message);
                case { } orleans when orleans.GetType().FullName == OrleansConfigurationException:
                    return OneLine("Invalid configuration: " + orleans.Message);
                case OptionsValidationException validation:
                    return OneLine("Invalid configuration: " + validation.Message);
                case InvalidOperationException conversion when Conversion().Match(conversion.Message) is { Success: true } match:
                    return OneLine($"Invalid configuration: {match.Groups["path"].Value} is '{match.Groups["value"].Value}', "
                        + $"which is not {Expected(match.Groups["type"].Value)}.");
            }
        }
        return null;
    }

    // Orleans' refusal of its own options, named by type: this assembly does not reference Orleans.
    private const string OrleansConfigurationException = "Orleans.Runtime.OrleansConfigurationException";

    private static string Expected(string typeName) => typeName switch
    {
        "System.Int32" or "System.Int64" or "System.Int16" or "System.UInt16" or "System.UInt32" or "System.UInt64" or "System.Byte" => "a whole number",
        "System.Double" or "System.Single" or "System.Decimal" => "a number (such as 0.5)",
        "System.Boolean" => "true or false",
        "System.TimeSpan" => "a duration as [d.]hh:mm:ss (00:00:30 is 30 seconds, 7.00:00:00 is 7 days)",
        "System.Uri" => "an absolute address",
        _ when FindEnum(typeName) is { } names => "one of " + string.Join(", ", names),
        _ => "a value of type " + typeName,
    };

    private static string[]? FindEnum(string typeName) => AppDomain.CurrentDomain.GetAssemblies()
        .Select(assembly => assembly.GetType(typeName, throwOnError: false))
        .FirstOrDefault(type => type is { IsEnum: true }) is { } found
        ? Enum.GetNames(found)
        : null;

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<path>[^']*)' to type '(?<type>[^']*)'", RegexOptions.Singleline)]
    private static partial Regex Conversion();
}
