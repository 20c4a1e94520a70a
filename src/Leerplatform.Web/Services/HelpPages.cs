using System.Collections.Concurrent;
using System.Globalization;
using Markdig;

namespace Leerplatform.Web.Services;

/// <summary>
/// Help pages written in Markdown, one file per language (Help/&lt;name&gt;.nl.md, .en.md), embedded in the app and
/// rendered once. Trusted text, still rendered without raw HTML.
/// </summary>
public sealed class HelpPages
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();
    private readonly ConcurrentDictionary<string, string?> _cache = new(StringComparer.Ordinal);

    public string? Html(string name, CultureInfo culture) =>
        _cache.GetOrAdd($"{name}.{(culture.TwoLetterISOLanguageName == "en" ? "en" : "nl")}", key =>
        {
            using var stream = typeof(HelpPages).Assembly.GetManifestResourceStream($"Help.{key}.md");
            if (stream is null)
            {
                return null;
            }

            using var reader = new StreamReader(stream);
            return Markdown.ToHtml(reader.ReadToEnd(), Pipeline);
        });
}
