using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Leerplatform.Core.Content;

/// <summary>A Markdown file split into its YAML front matter and its body, with the line offsets of both.</summary>
public sealed record SplitDocument(string? Yaml, int YamlFirstLine, string Body, int BodyFirstLine);

/// <summary>
/// Splits and parses YAML front matter (<c>---</c> fenced, at the very top of a file). Positions are mapped back
/// to file lines so that every message points at the line the author has to change.
/// </summary>
public static class FrontMatter
{
    public static SplitDocument Split(string text)
    {
        if (!text.StartsWith("---\n", StringComparison.Ordinal) && text != "---")
        {
            return new SplitDocument(null, 0, text, 1);
        }

        // Find the closing fence: a line that is exactly "---" (or "...", YAML's document end marker).
        var lineStart = 4;
        var line = 2;
        while (lineStart <= text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            var current = lineEnd < 0 ? text[lineStart..] : text[lineStart..lineEnd];
            if (current.TrimEnd() is "---" or "...")
            {
                var yaml = text[4..lineStart];
                var body = lineEnd < 0 ? string.Empty : text[(lineEnd + 1)..];
                return new SplitDocument(yaml, 2, body, line + 1);
            }

            if (lineEnd < 0)
            {
                break;
            }

            lineStart = lineEnd + 1;
            line++;
        }

        // Opened but never closed: report it and treat the whole file as having no usable body.
        return new SplitDocument(Yaml: null, YamlFirstLine: -1, Body: string.Empty, BodyFirstLine: line);
    }

    /// <summary>Parses front matter YAML into a mapping, or reports why not and returns null.</summary>
    public static YamlMap? ParseMapping(SplitDocument doc, string relPath, DiagnosticBag diagnostics, bool required)
    {
        if (doc.YamlFirstLine < 0)
        {
            diagnostics.Error(relPath, 1, 1, "front matter is niet afgesloten: zet een regel met alleen --- onder de gegevens");
            return null;
        }

        if (doc.Yaml is null)
        {
            if (required)
            {
                diagnostics.Error(relPath, 1, 1, "front matter ontbreekt: begin het bestand met een regel --- , dan de gegevens (id, titel, …) en weer ---");
            }

            return null;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(doc.Yaml));
        }
        catch (YamlException ex)
        {
            var (line, column) = MapMark(doc, ex.Start);
            diagnostics.Error(relPath, line, column, $"ongeldige YAML in front matter: {CleanYamlMessage(ex)}");
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            if (required)
            {
                diagnostics.Error(relPath, doc.YamlFirstLine, 1, "front matter is leeg");
            }

            return required ? null : new YamlMap(new YamlMappingNode(), doc, relPath, diagnostics);
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            var (line, column) = MapMark(doc, stream.Documents[0].RootNode.Start);
            diagnostics.Error(relPath, line, column, "front matter moet bestaan uit regels 'sleutel: waarde'");
            return null;
        }

        return new YamlMap(mapping, doc, relPath, diagnostics);
    }

    internal static (int Line, int Column) MapMark(SplitDocument doc, Mark mark) =>
        ((int)mark.Line + doc.YamlFirstLine - 1, (int)mark.Column);

    private static string CleanYamlMessage(YamlException ex)
    {
        // YamlDotNet prefixes messages with "(Line: x, Col: y, Idx: z) - (…): "; we print our own position.
        var message = ex.InnerException?.Message ?? ex.Message;
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }
}

/// <summary>
/// Typed, position-aware access to a YAML mapping. Each getter reports a diagnostic at the offending key or value
/// and returns null/default, so a loader can collect every problem in one pass.
/// </summary>
public sealed class YamlMap(YamlMappingNode node, SplitDocument doc, string relPath, DiagnosticBag diagnostics)
{
    public bool Has(string key) => Find(key) is not null;

    public (int Line, int Column) PositionOf(string key)
    {
        var entry = FindEntry(key);
        return entry is null ? (doc.YamlFirstLine, 1) : FrontMatter.MapMark(doc, entry.Value.Key.Start);
    }

    public string? GetString(string key, bool required, int maxLength = int.MaxValue)
    {
        var value = Find(key);
        if (value is null)
        {
            if (required)
            {
                ErrorAtStart($"verplicht veld '{key}' ontbreekt");
            }

            return null;
        }

        if (value is not YamlScalarNode scalar || string.IsNullOrWhiteSpace(scalar.Value))
        {
            ErrorAt(value, $"'{key}' moet een tekst zijn");
            return null;
        }

        var text = scalar.Value.Trim();
        if (text.Length > maxLength)
        {
            WarningAt(value, $"'{key}' is {text.Length} tekens lang; houd het onder {maxLength}");
        }

        return text;
    }

    public int? GetInt(string key, bool required, int min, int max)
    {
        var value = Find(key);
        if (value is null)
        {
            if (required)
            {
                ErrorAtStart($"verplicht veld '{key}' ontbreekt");
            }

            return null;
        }

        if (value is YamlScalarNode scalar
            && int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            if (number < min || number > max)
            {
                ErrorAt(value, $"'{key}' moet tussen {min} en {max} liggen (nu {number})");
                return null;
            }

            return number;
        }

        ErrorAt(value, $"'{key}' moet een geheel getal zijn");
        return null;
    }

    /// <summary>A list of scalars; a single scalar is accepted as a one-item list (authors often write "doelgroep: professional").</summary>
    public IReadOnlyList<(string Value, int Line, int Column)>? GetList(string key, bool required)
    {
        var value = Find(key);
        if (value is null)
        {
            if (required)
            {
                ErrorAtStart($"verplicht veld '{key}' ontbreekt");
            }

            return null;
        }

        var items = new List<(string, int, int)>();
        IEnumerable<YamlNode> nodes = value is YamlSequenceNode seq ? seq.Children : [value];
        foreach (var item in nodes)
        {
            if (item is not YamlScalarNode scalar || string.IsNullOrWhiteSpace(scalar.Value))
            {
                ErrorAt(item, $"'{key}' moet een lijst van teksten zijn, bv. [een, twee]");
                continue;
            }

            var (line, column) = FrontMatter.MapMark(doc, item.Start);
            items.Add((scalar.Value.Trim(), line, column));
        }

        if (items.Count == 0 && required)
        {
            ErrorAt(value, $"'{key}' mag niet leeg zijn");
            return null;
        }

        return items;
    }

    public YamlNode? GetNode(string key) => Find(key);

    /// <summary>A nested mapping (e.g. <c>toets:</c> with its own keys); null when absent or reported as wrong.</summary>
    public YamlMap? GetMap(string key)
    {
        var value = Find(key);
        if (value is null)
        {
            return null;
        }

        if (value is not YamlMappingNode mapping)
        {
            ErrorAt(value, $"'{key}' moet gegevens bevatten, elk op een eigen, ingesprongen regel ('sleutel: waarde')");
            return null;
        }

        return new YamlMap(mapping, doc, relPath, diagnostics);
    }

    /// <summary>ja/nee (also true/false); absent gives <paramref name="fallback"/>.</summary>
    public bool GetBool(string key, bool fallback)
    {
        var value = Find(key);
        if (value is null)
        {
            return fallback;
        }

        switch ((value as YamlScalarNode)?.Value?.Trim().ToLowerInvariant())
        {
            case "ja" or "true" or "yes" or "aan":
                return true;
            case "nee" or "false" or "no" or "uit":
                return false;
            default:
                ErrorAt(value, $"'{key}' moet ja of nee zijn");
                return fallback;
        }
    }

    /// <summary>Where the mapping itself starts (for messages about the whole block).</summary>
    public (int Line, int Column) Start => FrontMatter.MapMark(doc, node.Start);

    public string RelPath => relPath;

    public IEnumerable<string> Keys => node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty);

    public void ErrorAt(YamlNode node, string message)
    {
        var (line, column) = FrontMatter.MapMark(doc, node.Start);
        diagnostics.Error(relPath, line, column, message);
    }

    public void WarningAt(YamlNode node, string message)
    {
        var (line, column) = FrontMatter.MapMark(doc, node.Start);
        diagnostics.Warning(relPath, line, column, message);
    }

    public void ErrorAtPosition(int line, int column, string message) => diagnostics.Error(relPath, line, column, message);

    /// <summary>Reports at the start of the mapping (for things that are missing rather than wrong).</summary>
    public void ErrorAtStart(string message)
    {
        var (line, column) = node.Children.Count > 0 ? FrontMatter.MapMark(doc, node.Start) : (doc.YamlFirstLine, 1);
        diagnostics.Error(relPath, line, column, message);
    }

    /// <summary>Warns about keys nobody asked for: almost always a typo ("titel" vs "title").</summary>
    public void WarnUnknownKeys(IReadOnlyCollection<string> known)
    {
        foreach (var (key, _) in node.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && !known.Contains(name))
            {
                var (line, column) = FrontMatter.MapMark(doc, key.Start);
                diagnostics.Warning(relPath, line, column,
                    $"onbekend veld '{name}' wordt genegeerd (bekend: {string.Join(", ", known)})");
            }
        }
    }

    private YamlNode? Find(string key) => FindEntry(key)?.Value;

    private KeyValuePair<YamlNode, YamlNode>? FindEntry(string key)
    {
        foreach (var entry in node.Children)
        {
            if (entry.Key is YamlScalarNode { Value: { } name } && name == key)
            {
                return entry;
            }
        }

        return null;
    }
}
