using AngleSharp.Html.Parser;
using Leerplatform.Core.Content;
using Leerplatform.Testing;

namespace Leerplatform.Tests.Content;

/// <summary>Trainers' Markdown must never put script into a learner's browser.</summary>
public sealed class MarkdownSafetyTests
{
    private static readonly string[] Hostile =
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<div onclick=\"alert(1)\">x</div>",
        "<iframe src=\"https://example.org\"></iframe>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x]( javascript:alert(1) )",
        "[x](&#106;avascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox(1))",
        "![x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<style>body{display:none}</style>",
        "[x](https://example.org \"\\\" onmouseover=alert(1) x=\\\"\")",
        "# Kop {onclick=alert(1)}",
        "<!-- <script>alert(1)</script> -->",
    ];

    public static TheoryData<string> Inputs() => new(Hostile);

    [Theory]
    [MemberData(nameof(Inputs))]
    public void HostileMarkdownRendersWithoutActiveContent(string markdown)
    {
        using var temp = new TempDirectory();
        var root = temp.CopyFrom(Path.Combine(TestPaths.ContentFixtures, "valid"), "content");
        File.WriteAllText(Path.Combine(root, "modules", "basis", "03-aanval.md"), $"# Aanval\n\n{markdown}\n\nNa de aanval.\n");

        var library = ContentLoader.Load(root);
        var html = RenderedHtmlOf(library, "basis", "aanval");

        var document = new HtmlParser().ParseDocument($"<body>{html}</body>");
        Assert.Empty(document.QuerySelectorAll("script, iframe, style, object, embed, svg, form"));
        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"event handler attribute in: {element.OuterHtml}");
                if (attribute.Name is "href" or "src")
                {
                    var value = attribute.Value.Trim().ToLowerInvariant();
                    Assert.True(value.StartsWith('/') || value.StartsWith("https://") || value.StartsWith("http://") || value.StartsWith("mailto:") || value == "#",
                        $"unsafe URL '{attribute.Value}' in: {element.OuterHtml}");
                }
            }
        }

        Assert.Contains("Na de aanval.", html);
    }

    [Fact]
    public void RawHtmlIsShownAsTextSoAuthorsSeeWhatHappened()
    {
        using var temp = new TempDirectory();
        var root = temp.CopyFrom(Path.Combine(TestPaths.ContentFixtures, "valid"), "content");
        File.WriteAllText(Path.Combine(root, "modules", "basis", "03-html.md"), "# Html\n\nTekst met <b>vet</b>.\n");

        var library = ContentLoader.Load(root);

        Assert.Contains("Tekst met &lt;b&gt;vet&lt;/b&gt;.", library.FindModule("basis-module")!.FindPage("html")!.Html);
        Assert.Contains(library.Diagnostics, d => !d.IsError && d.Message.Contains("<b>"));
    }

    private static string RenderedHtmlOf(ContentLibrary library, string folder, string pageId)
    {
        var module = library.Modules.FirstOrDefault(m => m.FolderName == folder);
        if (module?.FindPage(pageId) is { } page)
        {
            return page.Html;
        }

        // A page with an unsafe link is an error, so its module is skipped; render the page directly to prove
        // the HTML would be safe even if it were shown.
        var skipped = library.Skipped.Single(s => s.FolderName == folder);
        Assert.NotEmpty(skipped.Errors);
        return RenderIgnoringErrors(library.RootPath, folder, pageId);
    }

    private static string RenderIgnoringErrors(string root, string folder, string pageId)
    {
        var text = File.ReadAllText(Directory.EnumerateFiles(Path.Combine(root, "modules", folder), $"*-{pageId}.md").Single());
        var parsed = Leerplatform.Core.Content.Markdown.PageMarkdown.Parse(text, 1);
        var index = new Leerplatform.Core.Content.Markdown.ContentIndex(root);
        var context = new Leerplatform.Core.Content.Markdown.MarkdownContext($"modules/{folder}/x.md", "m", folder, "/modules/m/x", English: false);
        return Leerplatform.Core.Content.Markdown.PageMarkdown.Render(parsed, context, new Leerplatform.Core.Content.Markdown.LinkResolver(index), new DiagnosticBag()).Html;
    }
}
