using System.Text.RegularExpressions;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Leerplatform.Core.Content.Markdown;

/// <summary>
/// A "Tip" / "Let op" / "Bron" box. Authored as a GitHub alert (<c>&gt; [!LET OP]</c>) so the file still reads
/// well on GitHub; Markdig's own alert extension only accepts single words, hence this small transform.
/// </summary>
public sealed class CalloutBlock(CalloutKind kind) : ContainerBlock(null)
{
    public CalloutKind Kind { get; } = kind;
}

public enum CalloutKind
{
    Tip,
    Caution,
    Source,
    Example,
    Reflection,
    Info,
    Important,

    /// <summary>Inside a question: the explanation shown with the feedback ("UITLEG").</summary>
    Explanation,
}

internal static partial class Callouts
{
    private static readonly Dictionary<string, CalloutKind> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["TIP"] = CalloutKind.Tip,
        ["HINT"] = CalloutKind.Tip,
        ["UITLEG"] = CalloutKind.Explanation,
        ["EXPLANATION"] = CalloutKind.Explanation,
        ["LET OP"] = CalloutKind.Caution,
        ["OPGELET"] = CalloutKind.Caution,
        ["WARNING"] = CalloutKind.Caution,
        ["CAUTION"] = CalloutKind.Caution,
        ["BRON"] = CalloutKind.Source,
        ["BRONNEN"] = CalloutKind.Source,
        ["SOURCE"] = CalloutKind.Source,
        ["VOORBEELD"] = CalloutKind.Example,
        ["EXAMPLE"] = CalloutKind.Example,
        ["REFLECTIE"] = CalloutKind.Reflection,
        ["REFLECTION"] = CalloutKind.Reflection,
        ["INFO"] = CalloutKind.Info,
        ["NOTE"] = CalloutKind.Info,
        ["WEETJE"] = CalloutKind.Info,
        ["BELANGRIJK"] = CalloutKind.Important,
        ["IMPORTANT"] = CalloutKind.Important,
    };

    public const string KnownKeywordsText = "TIP, LET OP, BRON, VOORBEELD, REFLECTIE, INFO, BELANGRIJK, UITLEG";

    [GeneratedRegex(@"^\s{0,3}>\s?\[!([\p{L} ]+)\]\s*$")]
    private static partial Regex MarkerLine();

    /// <summary>The callout keyword on a quote's first source line, if any.</summary>
    public static string? MarkerOn(string sourceLine)
    {
        var match = MarkerLine().Match(sourceLine);
        return match.Success ? match.Groups[1].Value.Trim() : null;
    }

    public static CalloutKind? Parse(string keyword) =>
        Keywords.TryGetValue(keyword, out var kind) ? kind : null;

    /// <summary>Replaces the quote with a callout block and strips the marker line from its first paragraph.</summary>
    public static CalloutBlock Convert(QuoteBlock quote, CalloutKind kind)
    {
        if (quote.Count > 0 && quote[0] is ParagraphBlock { Inline: { } inlines })
        {
            // The caller matched the quote's whole first source line against the marker pattern, so everything up
            // to the first line break is the marker. (Markdig leaves Line unset on the "[" of a failed link, so
            // positions cannot be used here.)
            var child = inlines.FirstChild;
            while (child is not null)
            {
                var next = child.NextSibling;
                child.Remove();
                if (child is LineBreakInline)
                {
                    break;
                }

                child = next;
            }

            if (inlines.FirstChild is null)
            {
                quote.RemoveAt(0);
            }
        }

        var callout = new CalloutBlock(kind) { Line = quote.Line, Column = quote.Column, Span = quote.Span };
        while (quote.Count > 0)
        {
            var block = quote[0];
            quote.RemoveAt(0);
            callout.Add(block);
        }

        var parent = quote.Parent!;
        var index = parent.IndexOf(quote);
        parent.RemoveAt(index);
        parent.Insert(index, callout);
        return callout;
    }

    public static string Label(CalloutKind kind, bool english) => (kind, english) switch
    {
        (CalloutKind.Tip, _) => "Tip",
        (CalloutKind.Caution, false) => "Let op",
        (CalloutKind.Caution, true) => "Caution",
        (CalloutKind.Source, false) => "Bron",
        (CalloutKind.Source, true) => "Source",
        (CalloutKind.Example, false) => "Voorbeeld",
        (CalloutKind.Example, true) => "Example",
        (CalloutKind.Reflection, false) => "Reflectie",
        (CalloutKind.Reflection, true) => "Reflection",
        (CalloutKind.Info, false) => "Goed om te weten",
        (CalloutKind.Info, true) => "Note",
        (CalloutKind.Important, false) => "Belangrijk",
        (CalloutKind.Important, true) => "Important",
        (CalloutKind.Explanation, false) => "Uitleg",
        (CalloutKind.Explanation, true) => "Explanation",
        _ => kind.ToString(),
    };
}

/// <summary>Renders a callout as a labelled note; the label travels in the block's data (module language).</summary>
internal sealed class CalloutRenderer : HtmlObjectRenderer<CalloutBlock>
{
    public const string LabelKey = "lp-callout-label";

    protected override void Write(HtmlRenderer renderer, CalloutBlock block)
    {
        var label = block.GetData(LabelKey) as string ?? block.Kind.ToString();
        var css = block.Kind.ToString().ToLowerInvariant();
        renderer.EnsureLine();
        renderer.Write("<div class=\"callout callout-").Write(css).Write("\" role=\"note\">").WriteLine();
        renderer.Write("<p class=\"callout-title\">").WriteEscape(label).Write("</p>").WriteLine();
        renderer.WriteChildren(block);
        renderer.Write("</div>").WriteLine();
    }
}
