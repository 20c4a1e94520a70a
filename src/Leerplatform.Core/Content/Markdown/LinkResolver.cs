using System.Text.RegularExpressions;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Leerplatform.Core.Content.Markdown;

/// <summary>What the loader knows about every module folder before pages are rendered (for cross-module links).</summary>
public sealed class ContentIndex(string rootPath)
{
    public string RootPath { get; } = rootPath;

    public Dictionary<string, ModuleIndexEntry> ModulesByFolder { get; } = new(StringComparer.Ordinal);

    /// <summary>The Bibliotheek, so <c>bron:id</c> links can be checked.</summary>
    public Library.SourceLibrary Sources { get; init; } = Library.SourceLibrary.Empty;

    /// <summary>Every <c>bron:</c> link met while rendering, for "geciteerd in" in the Bibliotheek.</summary>
    public List<Library.Citation> Citations { get; } = [];
}

public sealed class ModuleIndexEntry(string folderName, string folderPath)
{
    public string FolderName { get; } = folderName;

    public string FolderPath { get; } = folderPath;

    /// <summary>Hash over the module's files, for cache-busting asset URLs.</summary>
    public string ContentHash { get; set; } = "0";

    /// <summary>The module id from front matter, or the folder name while the front matter is broken.</summary>
    public string Id { get; set; } = folderName;

    /// <summary>False when the front matter is broken: links to it are reported, the module will not load.</summary>
    public bool HasValidMetadata { get; set; }

    /// <summary>Page files by file name (e.g. <c>02-tolk.md</c>).</summary>
    public Dictionary<string, PageIndexEntry> PagesByFile { get; } = new(StringComparer.Ordinal);
}

public sealed class PageIndexEntry(string fileName, string pageId)
{
    public string FileName { get; } = fileName;

    public string PageId { get; } = pageId;

    public IReadOnlySet<string> HeadingIds { get; set; } = new HashSet<string>();
}

/// <summary>
/// Turns authors' relative links (<c>02-tolk.md</c>, <c>../m5/module.md</c>, <c>afbeeldingen/x.svg</c>) into
/// app routes, reports broken ones with their position, and refuses URL schemes that could run script.
/// </summary>
public sealed partial class LinkResolver(ContentIndex index)
{
    public static readonly IReadOnlySet<string> ImageExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp" };

    /// <summary>Files a page may link to for download besides images.</summary>
    public static readonly IReadOnlySet<string> DownloadExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".pdf" };

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex SchemePrefix();

    /// <summary>Links to a source in the Bibliotheek: <c>[Pharos, 2025](bron:pharos-tolken)</c>.</summary>
    public const string SourceScheme = "bron:";

    /// <summary>The Bibliotheek route, with the anchor of one source.</summary>
    public static string SourceUrl(string id) => $"/bibliotheek#bron-{id}";

    private void ResolveSource(LinkInline link, string id, MarkdownContext context, Action<string> error)
    {
        if (link.IsImage)
        {
            error("'bron:' hoort bij een link, niet bij een afbeelding");
            link.Url = "#";
            return;
        }

        if (index.Sources.Find(id) is not { } source)
        {
            error($"bron '{id}' staat niet in de bibliotheek (content/bibliotheek/*.yml); voeg ze toe of gebruik een bestaand id");
            link.Url = "#";
            return;
        }

        link.Url = SourceUrl(id);
        link.Title = source.FullReference;
        link.GetAttributes().AddClass("bron");
        var pageId = context.SelfUrl.TrimEnd('/').Split('/')[^1];
        index.Citations.Add(new Library.Citation(id, context.ModuleId, pageId, context.SelfUrl));
    }

    public void ResolveAll(ParsedMarkdown parsed, MarkdownContext context, DiagnosticBag diagnostics)
    {
        foreach (var link in parsed.Document.Descendants<LinkInline>().ToList())
        {
            Resolve(link, parsed, context, diagnostics);
        }

        foreach (var autolink in parsed.Document.Descendants<AutolinkInline>().ToList())
        {
            if (!autolink.IsEmail && !IsAllowedExternal(autolink.Url))
            {
                var (line, column) = PageMarkdown.Position(parsed, autolink);
                diagnostics.Error(context.RelPath, line, column,
                    $"link '{autolink.Url}' gebruikt een niet-toegestaan protocol; gebruik https://");
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
        }
    }

    private void Resolve(LinkInline link, ParsedMarkdown parsed, MarkdownContext context, DiagnosticBag diagnostics)
    {
        var (line, column) = PageMarkdown.Position(parsed, link);
        var url = (link.Url ?? string.Empty).Trim();

        void Error(string message) => diagnostics.Error(context.RelPath, line, column, message);

        if (link.IsImage && PageMarkdown.PlainText(link).Trim().Length == 0)
        {
            diagnostics.Warning(context.RelPath, line, column,
                "afbeelding zonder alternatieve tekst: beschrijf tussen [ ] wat er te zien is");
        }

        if (url.Length == 0)
        {
            Error(link.IsImage ? "afbeelding zonder bestandsnaam" : "link zonder adres");
            link.Url = "#";
            return;
        }

        if (url.StartsWith('#'))
        {
            var anchor = Uri.UnescapeDataString(url[1..]);
            if (!parsed.HeadingIds.Contains(anchor))
            {
                diagnostics.Warning(context.RelPath, line, column, $"kop '#{anchor}' bestaat niet op deze pagina");
            }

            // Blazor sets <base href="/">, so a bare "#x" would jump to the home page: make it absolute.
            link.Url = context.SelfUrl + url;
            return;
        }

        if (url.StartsWith(SourceScheme, StringComparison.OrdinalIgnoreCase))
        {
            ResolveSource(link, url[SourceScheme.Length..], context, Error);
            return;
        }

        if (url.StartsWith("//", StringComparison.Ordinal) || SchemePrefix().IsMatch(url))
        {
            if (!IsAllowedExternal(url))
            {
                Error($"link '{Shorten(url)}' gebruikt een niet-toegestaan protocol; gebruik https://, mailto: of tel:");
                link.Url = "#";
                return;
            }

            if (link.IsImage)
            {
                Error("afbeeldingen van andere websites worden niet getoond (privacy en snelheid); zet de afbeelding in de modulemap");
                link.Url = "#";
                return;
            }

            if (url.StartsWith("http", StringComparison.OrdinalIgnoreCase) || url.StartsWith("//", StringComparison.Ordinal))
            {
                link.GetAttributes().AddProperty("rel", "noopener noreferrer");
                link.GetAttributes().AddClass("extern");
            }

            return;
        }

        var target = ResolveRelative(url, context, Error,
            message => diagnostics.Warning(context.RelPath, line, column, message));
        if (target is null)
        {
            link.Url = "#";
            return;
        }

        if (link.IsImage && target.Kind != TargetKind.Image)
        {
            Error($"'{Shorten(url)}' is geen afbeelding; toegestaan: {string.Join(", ", ImageExtensions)}");
            link.Url = "#";
            return;
        }

        if (link.IsImage && target.ModuleFolder != context.ModuleFolderName)
        {
            Error("een afbeelding moet in de map van de eigen module staan");
            link.Url = "#";
            return;
        }

        link.Url = target.Url;
    }

    private enum TargetKind
    {
        Module,
        Page,
        Image,
        Download,
    }

    private sealed record Target(TargetKind Kind, string Url, string ModuleFolder);

    private Target? ResolveRelative(string url, MarkdownContext context, Action<string> error, Action<string> warning)
    {
        var path = url;
        string? fragment = null;
        var hash = path.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            fragment = Uri.UnescapeDataString(path[(hash + 1)..]);
            path = path[..hash];
        }

        var query = path.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            path = path[..query];
        }

        path = Uri.UnescapeDataString(path).Replace('\\', '/');
        var baseDir = context.RelPath.Contains('/') ? context.RelPath[..context.RelPath.LastIndexOf('/')] : string.Empty;
        var segments = new List<string>();
        foreach (var part in (path.StartsWith('/') ? path : baseDir + "/" + path).Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (segments.Count == 0)
                {
                    error($"link '{Shorten(url)}' wijst buiten de inhoudsmap");
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(part);
        }

        if (segments.Count < 2 || segments[0] != "modules")
        {
            error($"link '{Shorten(url)}' wijst niet naar een module of pagina");
            return null;
        }

        if (!index.ModulesByFolder.TryGetValue(segments[1], out var module))
        {
            error($"link '{Shorten(url)}': module '{segments[1]}' bestaat niet");
            return null;
        }

        var rest = string.Join('/', segments.Skip(2));
        if (!module.HasValidMetadata && module.FolderName != context.ModuleFolderName)
        {
            error($"link '{Shorten(url)}': module '{module.FolderName}' heeft fouten in module.md en wordt niet geladen");
            return null;
        }

        if (rest is "" or "module.md")
        {
            return new Target(TargetKind.Module, ContentRoutes.Module(module.Id), module.FolderName);
        }

        if (rest.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            if (!module.PagesByFile.TryGetValue(rest, out var page))
            {
                error($"link '{Shorten(url)}': pagina '{rest}' bestaat niet in module '{module.FolderName}'");
                return null;
            }

            if (fragment is not null && !page.HeadingIds.Contains(fragment))
            {
                warning($"link '{Shorten(url)}': kop '#{fragment}' bestaat niet op die pagina");
            }

            var pageUrl = ContentRoutes.Page(module.Id, page.PageId);
            return new Target(TargetKind.Page, fragment is null ? pageUrl : $"{pageUrl}#{Uri.EscapeDataString(fragment)}", module.FolderName);
        }

        var fullPath = Path.Combine(module.FolderPath, rest.Replace('/', Path.DirectorySeparatorChar));
        if (!File.Exists(fullPath))
        {
            error($"bestand '{Shorten(url)}' niet gevonden");
            return null;
        }

        var extension = Path.GetExtension(rest);
        var kind = ImageExtensions.Contains(extension) ? TargetKind.Image
            : DownloadExtensions.Contains(extension) ? TargetKind.Download
            : (TargetKind?)null;
        if (kind is null)
        {
            error($"'{Shorten(url)}': dit bestandstype kan niet getoond worden");
            return null;
        }

        return new Target(kind.Value, ContentRoutes.Asset(module.Id, rest, module.ContentHash), module.FolderName);
    }

    private static bool IsAllowedExternal(string url)
    {
        var trimmed = url.Trim();
        return trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
               || trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
               || trimmed.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
               || trimmed.StartsWith("tel:", StringComparison.OrdinalIgnoreCase)
               || (trimmed.StartsWith("//", StringComparison.Ordinal) && !trimmed.StartsWith("///", StringComparison.Ordinal));
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
