using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Leerplatform.Core.Assessment;

namespace Leerplatform.Core.Content.Markdown;

/// <summary>
/// Regional passages (<c>::: regio vl</c> / <c>::: regio nl</c>) are rendered once, between markers, and cut
/// per learner when a page is served: plain string work, no Markdown per request. Authors cannot forge a marker:
/// their HTML is turned into escaped text before rendering.
/// </summary>
public static class RegionText
{
    // The cut HTML per page and region, kept as long as the page's HTML (the loaded library) lives: serving a page
    // then costs a lookup, not a copy of the page (measured: ~11 µs and 40 KB per request without it).
    private static readonly ConditionalWeakTable<string, ConcurrentDictionary<string, string>> Cut = new();

    internal const string RegionKey = "lp-region";
    internal const string LabelKey = "lp-region-label";

    internal static string Open(string region) => $"<!--lp-regio:{region}-->";

    internal static string Close(string region) => $"<!--/lp-regio:{region}-->";

    public static string Label(string region, bool english) => (region, english) switch
    {
        (RegionCondition.Flanders, false) => "In Vlaanderen",
        (RegionCondition.Flanders, true) => "In Flanders",
        (_, false) => "In Nederland",
        (_, true) => "In the Netherlands",
    };

    /// <summary>True when the HTML has a passage for only one region (a hint to set one's region).</summary>
    public static bool HasRegionalText(string html) => html.Contains("<!--lp-regio:", StringComparison.Ordinal);

    /// <summary>
    /// The HTML a learner in <paramref name="region"/> sees: other regions' passages removed. Without a region
    /// every passage stays, each with its label.
    /// </summary>
    public static string ForRegion(string html, string? region) =>
        region is null || !HasRegionalText(html)
            ? html
            : Cut.GetValue(html, _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal)).GetOrAdd(region, r => Remove(html, r));

    private static string Remove(string html, string region)
    {

        foreach (var other in RegionCondition.All.Where(r => r != region))
        {
            var open = Open(other);
            var close = Close(other);
            var start = html.IndexOf(open, StringComparison.Ordinal);
            while (start >= 0)
            {
                var end = html.IndexOf(close, start, StringComparison.Ordinal);
                if (end < 0)
                {
                    break;
                }

                html = string.Concat(html.AsSpan(0, start), html.AsSpan(end + close.Length));
                start = html.IndexOf(open, start, StringComparison.Ordinal);
            }
        }

        return html;
    }
}
