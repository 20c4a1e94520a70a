using System.Text;
using Leerplatform.Core.Assessment;
using Markdig;
using Markdig.Extensions.CustomContainers;
using Markdig.Extensions.TaskLists;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Extensions.Tables;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Leerplatform.Core.Content.Markdown;

/// <summary>A page body parsed to Markdig's syntax tree, before links are resolved.</summary>
public sealed class ParsedMarkdown
{
    internal ParsedMarkdown(MarkdownDocument document, string[] lines, int lineOffset, IReadOnlySet<string> headingIds)
    {
        Document = document;
        Lines = lines;
        LineOffset = lineOffset;
        HeadingIds = headingIds;
    }

    internal MarkdownDocument Document { get; }

    internal string[] Lines { get; }

    /// <summary>Number of file lines before the body (front matter), added to Markdig's 0-based lines.</summary>
    internal int LineOffset { get; }

    /// <summary>Ids of the headings on this page, so links to <c>page.md#kop</c> can be checked.</summary>
    public IReadOnlySet<string> HeadingIds { get; }
}

/// <summary>What rendering one page produced: HTML around at most one quiz or case.</summary>
public sealed record RenderedMarkdown(IReadOnlyList<PageSegment> Segments, string? Title, int WordCount, Quiz? Quiz, Scenario? Scenario)
{
    /// <summary>All HTML of the page (the quiz or case itself is interactive and not included).</summary>
    public string Html => string.Concat(Segments.Where(s => s.Kind == SegmentKind.Html).Select(s => s.Html));
}

/// <summary>A piece of a page: static HTML, or the place where the quiz or case is shown.</summary>
public sealed record PageSegment(SegmentKind Kind, string Html);

/// <summary>Where a Markdown body lives, for link resolution and messages.</summary>
public sealed record MarkdownContext(
    string RelPath,
    string ModuleId,
    string ModuleFolderName,
    string SelfUrl,
    bool English);

/// <summary>
/// Parses and renders module Markdown with a fixed, safe Markdig pipeline.
/// Safety: raw HTML is turned into visible text, link and image URLs are restricted to http(s)/mailto/tel
/// and files inside the module, and no extension that lets authors set attributes (generic attributes) is on.
/// </summary>
public static class PageMarkdown
{
    // HTML stays *enabled in the parser* on purpose: we want to find authors' HTML and turn it into text with a
    // warning, instead of Markdig silently treating part of it as Markdown.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseFootnotes()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseTaskLists()
        .UseCustomContainers()
        .Build();

    private static long _parseCount;

    /// <summary>
    /// How many Markdown bodies this process has parsed. Pages are parsed at load time only; a test reads this
    /// to prove that serving pages does no Markdown work.
    /// </summary>
    public static long ParseCount => Interlocked.Read(ref _parseCount);

    public static ParsedMarkdown Parse(string body, int bodyFirstLine)
    {
        Interlocked.Increment(ref _parseCount);
        var document = Markdig.Markdown.Parse(body, Pipeline);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            if (heading.GetAttributes().Id is { } id)
            {
                ids.Add(id);
            }
        }

        return new ParsedMarkdown(document, body.Split('\n'), bodyFirstLine - 1, ids);
    }

    /// <summary>
    /// Resolves links, converts callouts, neutralises HTML and renders. Mutates the parsed tree, so render a
    /// parsed page once.
    /// </summary>
    public static RenderedMarkdown Render(ParsedMarkdown parsed, MarkdownContext context, LinkResolver links, DiagnosticBag diagnostics,
        PageAssessmentSettings? assessment = null)
    {
        var document = parsed.Document;
        var title = ExtractTitle(parsed, context, diagnostics);
        CheckHeadingLevels(parsed, context, diagnostics);
        ConvertCallouts(parsed, context, diagnostics);
        MarkRegions(parsed, context, diagnostics);
        NeutraliseHtml(parsed, context, diagnostics);
        var extractor = new AssessmentExtractor(parsed, context, diagnostics,
            assessment ?? new PageAssessmentSettings(null, null, null, [], new HashSet<string>()));
        extractor.Prepare();
        links.ResolveAll(parsed, context, diagnostics);
        LabelTables(document, context.English);

        Quiz? quiz = null;
        Scenario? scenario = null;
        if (extractor.HasAssessment)
        {
            (quiz, scenario) = extractor.Build(
                blocks => RenderToString(context, renderer =>
                {
                    foreach (var block in blocks)
                    {
                        renderer.Render(block);
                    }
                }),
                inlines => inlines is null ? string.Empty : RenderToString(context, renderer => renderer.WriteChildren(inlines)));
        }

        var words = CountWords(document);
        var html = RenderToString(context, renderer => renderer.Render(document));
        return new RenderedMarkdown(Split(html), title, words, quiz, scenario);
    }

    private static string RenderToString(MarkdownContext context, Action<HtmlRenderer> render)
    {
        var writer = new StringWriter(new StringBuilder(4096));
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.Replace<HtmlTableRenderer>(new LabelledTableRenderer());
        renderer.ObjectRenderers.Replace<HtmlTaskListRenderer>(new TextTaskListRenderer(context.English));
        renderer.ObjectRenderers.Replace<HtmlCustomContainerRenderer>(new UnwrappedContainerRenderer());
        renderer.ObjectRenderers.Add(new CalloutRenderer());
        renderer.ObjectRenderers.Add(new SegmentMarkerRenderer());
        render(renderer);
        writer.Flush();

        // Footnote links are written by Markdig as href="#fn:1". With Blazor's <base href="/"> those would
        // navigate to the home page, so anchor them to this page. Author text never contains a raw href="#
        // at this point: HTML was turned into escaped text above.
        return writer.ToString().Replace("href=\"#", $"href=\"{context.SelfUrl}#", StringComparison.Ordinal);
    }

    private static List<PageSegment> Split(string html)
    {
        var segments = new List<PageSegment>();
        var rest = html;
        while (true)
        {
            var next = Enum.GetValues<SegmentKind>().Where(k => k != SegmentKind.Html)
                .Select(k => (Kind: k, At: rest.IndexOf(SegmentMarkerBlock.Marker(k), StringComparison.Ordinal)))
                .Where(x => x.At >= 0).OrderBy(x => x.At).FirstOrDefault();
            if (next.Kind == SegmentKind.Html)
            {
                break;
            }

            if (!string.IsNullOrWhiteSpace(rest[..next.At]))
            {
                segments.Add(new PageSegment(SegmentKind.Html, rest[..next.At]));
            }

            segments.Add(new PageSegment(next.Kind, string.Empty));
            rest = rest[(next.At + SegmentMarkerBlock.Marker(next.Kind).Length)..];
        }

        if (!string.IsNullOrWhiteSpace(rest) || segments.Count == 0)
        {
            segments.Add(new PageSegment(SegmentKind.Html, rest));
        }

        return segments;
    }

    internal static (int Line, int Column) Position(ParsedMarkdown parsed, MarkdownObject node) =>
        (parsed.LineOffset + node.Line + 1, node.Column + 1);

    private static string? ExtractTitle(ParsedMarkdown parsed, MarkdownContext context, DiagnosticBag diagnostics)
    {
        string? title = null;
        foreach (var heading in parsed.Document.Descendants<HeadingBlock>().Where(h => h.Level == 1).ToList())
        {
            if (title is null && heading.Parent == parsed.Document)
            {
                title = PlainText(heading.Inline);
                // The reader renders the title itself as the page's single <h1> (and moves focus to it).
                parsed.Document.Remove(heading);
                continue;
            }

            var (line, column) = Position(parsed, heading);
            diagnostics.Warning(context.RelPath, line, column,
                "meer dan één titel (# kop) op deze pagina; gebruik ## voor tussenkoppen");
        }

        return string.IsNullOrWhiteSpace(title) ? null : title.Trim();
    }

    private static void CheckHeadingLevels(ParsedMarkdown parsed, MarkdownContext context, DiagnosticBag diagnostics)
    {
        // Screen-reader users navigate by heading level; a jump from ## to #### hides structure.
        var previous = 1;
        foreach (var heading in parsed.Document.Descendants<HeadingBlock>())
        {
            if (heading.Level > previous + 1)
            {
                var (line, column) = Position(parsed, heading);
                diagnostics.Warning(context.RelPath, line, column,
                    $"kopniveau springt van {previous} naar {heading.Level}; sla geen niveau over");
            }

            previous = heading.Level;
        }
    }

    private static void ConvertCallouts(ParsedMarkdown parsed, MarkdownContext context, DiagnosticBag diagnostics)
    {
        foreach (var quote in parsed.Document.Descendants<QuoteBlock>().ToList())
        {
            var sourceLine = quote.Line < parsed.Lines.Length ? parsed.Lines[quote.Line] : string.Empty;
            if (Callouts.MarkerOn(sourceLine) is not { } keyword)
            {
                continue;
            }

            if (Callouts.Parse(keyword) is not { } kind)
            {
                var (line, column) = Position(parsed, quote);
                diagnostics.Warning(context.RelPath, line, column,
                    $"onbekend kadertype [!{keyword}]; gebruik {Callouts.KnownKeywordsText}");
                continue;
            }

            var callout = Callouts.Convert(quote, kind);
            callout.SetData(CalloutRenderer.LabelKey, Callouts.Label(kind, context.English));
        }
    }

    private static void MarkRegions(ParsedMarkdown parsed, MarkdownContext context, DiagnosticBag diagnostics)
    {
        foreach (var container in parsed.Document.Descendants<CustomContainer>()
                     .Where(c => string.Equals(c.Info?.Trim(), AssessmentExtractor.RegionKeyword, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            var (line, column) = Position(parsed, container);
            var region = container.Arguments?.Trim().ToLowerInvariant();
            if (container.Parent != parsed.Document)
            {
                diagnostics.Error(context.RelPath, line, column,
                    "'::: regio' staat op het hoogste niveau van de pagina; in een casus schrijf je een knoop per regio: '::: knoop id vl'");
                continue;
            }

            if (region is null || !RegionCondition.All.Contains(region))
            {
                diagnostics.Error(context.RelPath, line, column,
                    $"schrijf '::: regio vl' (Vlaanderen) of '::: regio nl' (Nederland){(string.IsNullOrEmpty(region) ? string.Empty : $"; '{region}' kan niet")}");
                continue;
            }

            if (container.Descendants<CustomContainer>().FirstOrDefault() is { } inner)
            {
                var (innerLine, innerColumn) = Position(parsed, inner);
                diagnostics.Error(context.RelPath, innerLine, innerColumn, "in een '::: regio'-blok kan geen ander ':::'-blok staan");
                continue;
            }

            container.SetData(RegionText.RegionKey, region);
            container.SetData(RegionText.LabelKey, RegionText.Label(region, context.English));
        }
    }

    private static void NeutraliseHtml(ParsedMarkdown parsed, MarkdownContext context, DiagnosticBag diagnostics)
    {
        foreach (var block in parsed.Document.Descendants<HtmlBlock>().ToList())
        {
            var (line, column) = Position(parsed, block);
            diagnostics.Warning(context.RelPath, line, column,
                "HTML is niet toegestaan en wordt als gewone tekst getoond; gebruik Markdown");
            var paragraph = new ParagraphBlock { Line = block.Line, Column = block.Column, Inline = new ContainerInline() };
            var first = true;
            foreach (var text in block.Lines.ToString().Split('\n'))
            {
                if (!first)
                {
                    paragraph.Inline.AppendChild(new LineBreakInline { IsHard = true });
                }

                paragraph.Inline.AppendChild(new LiteralInline(text));
                first = false;
            }

            var parent = block.Parent!;
            var index = parent.IndexOf(block);
            parent.RemoveAt(index);
            parent.Insert(index, paragraph);
        }

        foreach (var inline in parsed.Document.Descendants<HtmlInline>().ToList())
        {
            var (line, column) = Position(parsed, inline);
            diagnostics.Warning(context.RelPath, line, column,
                $"HTML-code '{Shorten(inline.Tag)}' wordt als gewone tekst getoond; gebruik Markdown");
            inline.ReplaceBy(new LiteralInline(inline.Tag ?? string.Empty));
        }
    }

    private static void LabelTables(MarkdownDocument document, bool english)
    {
        var number = 0;
        foreach (var table in document.Descendants<Table>())
        {
            number++;
            table.SetData(LabelledTableRenderer.LabelKey, english ? $"Table {number}" : $"Tabel {number}");
        }
    }

    internal static string PlainText(ContainerInline? container)
    {
        if (container is null)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        AppendPlain(container, builder);
        return builder.ToString();
    }

    private static void AppendPlain(Inline inline, StringBuilder builder)
    {
        switch (inline)
        {
            case LiteralInline literal:
                builder.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                builder.Append(code.Content);
                break;
            case LineBreakInline:
                builder.Append(' ');
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    AppendPlain(child, builder);
                }

                break;
        }
    }

    private static int CountWords(MarkdownDocument document)
    {
        var words = 0;
        foreach (var literal in document.Descendants<LiteralInline>())
        {
            var inWord = false;
            foreach (var c in literal.Content.AsSpan())
            {
                var letter = char.IsLetterOrDigit(c);
                if (letter && !inWord)
                {
                    words++;
                }

                inWord = letter || (inWord && c is '-' or '\'');
            }
        }

        return words;
    }

    private static string Shorten(string? text) =>
        text is null ? string.Empty : text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>
/// Wraps each table in a focusable, labelled region so wide tables can scroll horizontally on small screens
/// and keyboard users can still reach the hidden part (axe: scrollable-region-focusable).
/// </summary>
internal sealed class LabelledTableRenderer : HtmlTableRenderer
{
    public const string LabelKey = "lp-table-label";

    protected override void Write(HtmlRenderer renderer, Table table)
    {
        var label = table.GetData(LabelKey) as string ?? "Tabel";
        renderer.EnsureLine();
        renderer.Write("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"").WriteEscape(label).Write("\">").WriteLine();
        base.Write(renderer, table);
        renderer.Write("</div>").WriteLine();
    }
}

/// <summary>Task-list items as text marks rather than form controls (an unlabeled checkbox fails accessibility checks).</summary>
internal sealed class TextTaskListRenderer(bool english) : HtmlObjectRenderer<TaskList>
{
    protected override void Write(HtmlRenderer renderer, TaskList obj)
    {
        var label = obj.Checked ? (english ? "done" : "afgevinkt") : (english ? "to do" : "nog te doen");
        renderer.Write("<span class=\"task-mark\" aria-hidden=\"true\">").Write(obj.Checked ? "☑" : "☐").Write("</span>")
            .Write("<span class=\"visually-hidden\">(").WriteEscape(label).Write(")</span> ");
    }
}

/// <summary>
/// Unknown ::: blocks (already warned about) show their content without an author-chosen CSS class. A valid
/// <c>::: regio</c> block is wrapped in markers that <see cref="RegionText.ForRegion"/> uses to keep only the
/// learner's region when the page is served.
/// </summary>
internal sealed class UnwrappedContainerRenderer : HtmlObjectRenderer<CustomContainer>
{
    protected override void Write(HtmlRenderer renderer, CustomContainer obj)
    {
        if (obj.GetData(RegionText.RegionKey) is not string region)
        {
            renderer.WriteChildren(obj);
            return;
        }

        renderer.EnsureLine().Write(RegionText.Open(region))
            .Write("<div class=\"regio regio-").Write(region).Write("\">")
            .Write("<p class=\"regio-label\">").WriteEscape(obj.GetData(RegionText.LabelKey) as string ?? region).Write("</p>").WriteLine();
        renderer.WriteChildren(obj);
        renderer.EnsureLine().Write("</div>").Write(RegionText.Close(region)).WriteLine();
    }
}

internal sealed class SegmentMarkerRenderer : HtmlObjectRenderer<SegmentMarkerBlock>
{
    protected override void Write(HtmlRenderer renderer, SegmentMarkerBlock obj) =>
        renderer.EnsureLine().Write(SegmentMarkerBlock.Marker(obj.Kind)).WriteLine();
}
