using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Leerplatform.Core.Content.Library;

/// <summary>One source in the Bibliotheek: listed once, cited from pages with <c>[tekst](bron:id)</c>.</summary>
public sealed record LibrarySource(
    string Id,
    string Author,
    string Year,
    string Title,
    string? Publication,
    string? Url,
    string? Region,
    IReadOnlyList<string> Keywords,
    string SourcePath,
    int Line)
{
    /// <summary>The full reference, APA-like, as the Bibliotheek shows it: "Auteur (jaar). Titel. Uitgave."</summary>
    public string FullReference
    {
        get
        {
            var text = new StringBuilder().Append(Author.TrimEnd('.')).Append(" (").Append(Year).Append("). ").Append(Title.TrimEnd('.'));
            if (!Title.EndsWith('?') && !Title.EndsWith('!'))
            {
                text.Append('.');
            }

            if (!string.IsNullOrWhiteSpace(Publication))
            {
                text.Append(' ').Append(Publication.TrimEnd('.')).Append('.');
            }

            return text.ToString();
        }
    }

    /// <summary>Everything a search may match, lower case.</summary>
    public string SearchText { get; } = string.Join(' ', new[] { Id, Author, Year, Title, Publication ?? string.Empty, Url ?? string.Empty }
        .Concat(Keywords)).ToLowerInvariant();
}

/// <summary>A page that cites a source (for "geciteerd in" in the Bibliotheek).</summary>
public sealed record Citation(string SourceId, string ModuleId, string PageId, string Url);

/// <summary>The Bibliotheek: every source of the content once, plus where each is cited.</summary>
public sealed class SourceLibrary
{
    private readonly FrozenDictionary<string, LibrarySource> _byId;
    private readonly FrozenDictionary<string, IReadOnlyList<Citation>> _citations;

    public SourceLibrary(IReadOnlyList<LibrarySource> sources, IReadOnlyList<Citation> citations)
    {
        Sources = sources;
        _byId = sources.GroupBy(s => s.Id, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _citations = citations.GroupBy(c => c.SourceId, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<Citation>)g.DistinctBy(c => (c.ModuleId, c.PageId)).ToList(), StringComparer.Ordinal);
    }

    public static SourceLibrary Empty { get; } = new([], []);

    /// <summary>Sources sorted by author, then year, as a reference list is.</summary>
    public IReadOnlyList<LibrarySource> Sources { get; }

    public LibrarySource? Find(string id) => _byId.GetValueOrDefault(id);

    public IReadOnlyList<Citation> CitationsOf(string id) => _citations.GetValueOrDefault(id) ?? [];

    public bool Contains(string id) => _byId.ContainsKey(id);

    /// <summary>Sources whose text contains every word of the query (case-insensitive); all when the query is empty.</summary>
    public IEnumerable<LibrarySource> Search(string? query)
    {
        var words = (query ?? string.Empty).ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words.Length == 0 ? Sources : Sources.Where(s => words.All(w => s.SearchText.Contains(w, StringComparison.Ordinal)));
    }

    /// <summary>A copy of this library with the citations found while rendering pages.</summary>
    public SourceLibrary WithCitations(IReadOnlyList<Citation> citations) => new(Sources, citations);
}

/// <summary>
/// Reads <c>bibliotheek/*.yml</c>. Each file is a YAML list of sources; ids and addresses must be unique over all
/// files, so a source is listed once even when several authors cite it.
/// </summary>
public static partial class SourceLibraryLoader
{
    public const string Folder = "bibliotheek";

    public static readonly IReadOnlySet<string> Regions = new HashSet<string>(StringComparer.Ordinal) { "nl", "vl", "be", "internationaal" };

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    [GeneratedRegex("^(?:1[5-9][0-9]{2}|20[0-9]{2}|z\\.d\\.)$")]
    private static partial Regex YearText();

    public static IReadOnlyList<LibrarySource> Load(string rootPath, DiagnosticBag diagnostics)
    {
        var folder = Path.Combine(rootPath, Folder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var sources = new List<LibrarySource>();
        var byId = new Dictionary<string, LibrarySource>(StringComparer.Ordinal);
        var byUrl = new Dictionary<string, LibrarySource>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in Directory.EnumerateFiles(folder).Order(NaturalStringComparer.Instance))
        {
            var relPath = $"{Folder}/{Path.GetFileName(file)}";
            if (!file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            {
                diagnostics.Warning(relPath, 1, 1, "alleen .yml-bestanden in bibliotheek/ worden gelezen");
                continue;
            }

            foreach (var source in LoadFile(file, relPath, diagnostics))
            {
                if (byId.TryGetValue(source.Id, out var first))
                {
                    diagnostics.Error(relPath, source.Line, 1, $"bron-id '{source.Id}' staat al in {first.SourcePath}:{first.Line}; elke bron staat één keer in de bibliotheek");
                    continue;
                }

                if (source.Url is { } url && byUrl.TryGetValue(NormaliseUrl(url), out var sameUrl))
                {
                    diagnostics.Error(relPath, source.Line, 1, $"bron '{source.Id}' heeft hetzelfde adres als '{sameUrl.Id}' ({sameUrl.SourcePath}:{sameUrl.Line}); gebruik die bron");
                    continue;
                }

                byId[source.Id] = source;
                if (source.Url is { } u)
                {
                    byUrl[NormaliseUrl(u)] = source;
                }

                sources.Add(source);
            }
        }

        return sources.OrderBy(s => s.Author, StringComparer.CurrentCultureIgnoreCase).ThenBy(s => s.Year, StringComparer.Ordinal).ThenBy(s => s.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    private static string NormaliseUrl(string url) => url.Trim().TrimEnd('/').Replace("://www.", "://", StringComparison.OrdinalIgnoreCase).Replace("http://", "https://", StringComparison.OrdinalIgnoreCase);

    private static List<LibrarySource> LoadFile(string file, string relPath, DiagnosticBag diagnostics)
    {
        var result = new List<LibrarySource>();
        var text = ContentFileReader.ReadText(file, relPath, diagnostics);
        if (text is null)
        {
            return result;
        }

        var doc = new SplitDocument(text, 1, string.Empty, int.MaxValue);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            diagnostics.Error(relPath, (int)ex.Start.Line, (int)ex.Start.Column, $"ongeldige YAML: {ex.InnerException?.Message ?? ex.Message}");
            return result;
        }

        if (stream.Documents.Count == 0)
        {
            return result;
        }

        if (stream.Documents[0].RootNode is not YamlSequenceNode list)
        {
            diagnostics.Error(relPath, 1, 1, "een bibliotheekbestand is een lijst van bronnen: begin elke bron met '- id: …'");
            return result;
        }

        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                diagnostics.Error(relPath, (int)item.Start.Line, (int)item.Start.Column, "elke bron heeft id, auteur, jaar en titel");
                continue;
            }

            var map = new YamlMap(mapping, doc, relPath, diagnostics);
            map.WarnUnknownKeys(["id", "auteur", "jaar", "titel", "uitgave", "url", "regio", "trefwoorden"]);
            var id = map.GetString("id", required: true, maxLength: 80);
            var author = map.GetString("auteur", required: true, maxLength: 300);
            var year = map.GetString("jaar", required: true, maxLength: 10);
            var title = map.GetString("titel", required: true, maxLength: 400);
            var publication = map.GetString("uitgave", required: false, maxLength: 300);
            var url = map.GetString("url", required: false, maxLength: 1000);
            var region = map.GetString("regio", required: false);
            var keywords = map.GetList("trefwoorden", required: false)?.Select(k => k.Value).ToList() ?? [];
            var ok = id is not null && author is not null && year is not null && title is not null;
            if (id is not null && !Slug().IsMatch(id))
            {
                map.ErrorAt(map.GetNode("id")!, $"bron-id '{id}': gebruik kleine letters, cijfers en streepjes");
                ok = false;
            }

            if (year is not null && !YearText().IsMatch(year))
            {
                map.ErrorAt(map.GetNode("jaar")!, $"jaar '{year}': schrijf een jaartal (2022) of \"z.d.\" als het jaar onbekend is");
                ok = false;
            }

            if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            {
                map.ErrorAt(map.GetNode("url")!, $"adres '{url}' is geen http(s)-adres");
                ok = false;
            }

            if (region is not null && !Regions.Contains(region))
            {
                map.ErrorAt(map.GetNode("regio")!, $"regio '{region}': kies {string.Join(", ", Regions.Order(StringComparer.Ordinal))}");
                ok = false;
            }

            if (ok)
            {
                var (line, _) = map.Start;
                result.Add(new LibrarySource(id!, author!, year!, title!, publication, url, region, keywords, relPath, line));
            }
        }

        return result;
    }
}
