using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace Wickr.Cluster.Cli;

/// <summary>What commands print: JSON with <c>--json</c>, otherwise Spectre.Console tables and lines.</summary>
internal static class Output
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>One JSON value on one line of stdout.</summary>
    public static void Json(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>A table with the given header and rows (every cell escaped: message text is never markup).</summary>
    public static void Table(string[] header, IEnumerable<string[]> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in header)
        {
            table.AddColumn(Markup.Escape(column));
        }
        foreach (var row in rows)
        {
            table.AddRow([.. row.Select(cell => new Text(Safe(cell)))]);
        }
        AnsiConsole.Write(table);
    }

    /// <summary>A line of plain text (control characters replaced), never wrapped: fingerprints stay on one line.</summary>
    public static void Line(string text) => Console.Out.WriteLine(Safe(text));

    /// <summary>A progress or status note on stderr, so stdout stays the result.</summary>
    public static void Note(string text) => Console.Error.WriteLine(Safe(text));

    /// <summary>Text from another user with control characters (terminal escapes) replaced.</summary>
    public static string Safe(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) && c is not '\n' and not '\t' ? '\uFFFD' : c);
        }
        return builder.ToString();
    }
}
