using Leerplatform.Core.Content.Library;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Leerplatform.Core.Assessment;
using Leerplatform.Core.Content.Markdown;

namespace Leerplatform.Core.Content;

/// <summary>
/// Loads a content folder into an immutable <see cref="ContentLibrary"/>: every module parsed, validated and
/// rendered once. A module with any error is left out (and listed with its errors); the rest of the site
/// keeps working. The same code backs the <c>check</c> command, so what CI reports is what the app loads.
/// </summary>
public static partial class ContentLoader
{
    public const string ModulesFolder = "modules";
    public const string ModuleFile = "module.md";

    private static readonly string[] ModuleKeys =
        ["id", "titel", "samenvatting", "doelgroep", "competenties", "duur", "taal", "versie", "auteurs", "trefwoorden", "beheersing", "slaaggrens"];

    private static readonly string[] PageKeys = ["titel", "toets", "scenario", Writing.WritingCheck.FrontMatterKey];

    public static readonly IReadOnlyList<string> Languages = ["nl", "nl-BE", "nl-NL", "en"];

    [GeneratedRegex("^(?<nr>[0-9]{1,3})-(?<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\\.md$")]
    private static partial Regex PageFileName();

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex ModuleId();

    [GeneratedRegex("^[0-9]+\\.[0-9]+\\.[0-9]+$")]
    private static partial Regex SemanticVersion();

    public static ContentLibrary Load(string rootPath, TimeProvider? time = null)
    {
        var diagnostics = new DiagnosticBag();
        var root = Path.GetFullPath(rootPath);
        var loadedAt = (time ?? TimeProvider.System).GetUtcNow();
        if (!Directory.Exists(root))
        {
            diagnostics.Error(".", 1, 1, $"inhoudsmap '{root}' bestaat niet");
            return new ContentLibrary(root, [], [], diagnostics.Items, [], loadedAt);
        }

        var competences = CompetenceFrameworkLoader.Load(root, diagnostics);
        var knownCodes = competences.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);

        var modulesRoot = Path.Combine(root, ModulesFolder);
        if (!Directory.Exists(modulesRoot))
        {
            diagnostics.Error(ModulesFolder, 1, 1, "map 'modules' ontbreekt: zet elke module in een eigen map onder modules/");
            return new ContentLibrary(root, [], competences, diagnostics.Items, [], loadedAt);
        }

        foreach (var stray in Directory.EnumerateFiles(modulesRoot))
        {
            diagnostics.Warning($"{ModulesFolder}/{Path.GetFileName(stray)}", 1, 1,
                "bestand direct onder modules/ wordt genegeerd: elke module is een map");
        }

        var index = new ContentIndex(root) { Sources = new SourceLibrary(SourceLibraryLoader.Load(root, diagnostics), []) };
        var work = Directory.EnumerateDirectories(modulesRoot)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(NaturalStringComparer.Instance)
            .Select(folder => ReadModuleFolder(root, folder, knownCodes, diagnostics))
            .ToList();

        MarkDuplicateIds(work, diagnostics);
        foreach (var module in work)
        {
            var entry = new ModuleIndexEntry(module.FolderName, module.FolderPath)
            {
                Id = module.Metadata?.Id ?? module.FolderName,
                HasValidMetadata = module.Metadata is not null,
                ContentHash = module.ContentHash,
            };
            foreach (var page in module.Pages)
            {
                entry.PagesByFile[page.FileName] = new PageIndexEntry(page.FileName, page.PageId) { HeadingIds = page.Parsed?.HeadingIds ?? new HashSet<string>() };
            }

            index.ModulesByFolder[module.FolderName] = entry;
        }

        var resolver = new LinkResolver(index);
        var modules = new List<LearningModule>();
        var skipped = new List<SkippedModule>();
        foreach (var module in work)
        {
            var built = RenderModule(module, resolver, knownCodes, diagnostics);
            var prefix = module.RelFolder + "/";
            var errors = diagnostics.Items.Where(d => d.IsError && (d.Path.StartsWith(prefix, StringComparison.Ordinal) || d.Path == module.RelFolder)).ToList();
            if (built is null || errors.Count > 0)
            {
                skipped.Add(new SkippedModule(module.FolderName, module.Metadata?.Id, errors));
            }
            else
            {
                modules.Add(built);
            }
        }

        // Paths render their assignments with the same resolver, so their bron: links count as citations too.
        var paths = LearningPaths.LearningPathLoader.Load(root, [.. work.Select(m => m.Metadata?.Id ?? m.FolderName)], knownCodes, diagnostics, resolver);
        var loaded = modules.Select(m => m.Id).Concat(paths.Select(p => p.Id)).ToHashSet(StringComparer.Ordinal);
        var citations = index.Citations.Where(c => loaded.Contains(c.ModuleId)).ToList();
        foreach (var source in index.Sources.Sources.Where(s => !index.Citations.Any(c => c.SourceId == s.Id)))
        {
            diagnostics.Warning(source.SourcePath, source.Line, 1, $"bron '{source.Id}' wordt op geen enkele pagina geciteerd; citeer ze met [tekst](bron:{source.Id}) of haal ze weg");
        }

        return new ContentLibrary(root, modules, competences, diagnostics.Items, skipped, loadedAt)
        {
            Sources = index.Sources.WithCitations(citations),
            LearningPaths = paths,
        };
    }

    private sealed class ModuleWork(string folderName, string folderPath, string relFolder)
    {
        public string FolderName { get; } = folderName;

        public string FolderPath { get; } = folderPath;

        public string RelFolder { get; } = relFolder;

        public ModuleMetadata? Metadata { get; set; }

        public (int Line, int Column) IdPosition { get; set; } = (1, 1);

        public (int Line, int Column) DurationPosition { get; set; } = (1, 1);

        public ParsedMarkdown? Intro { get; set; }

        public List<PageWork> Pages { get; } = [];

        public string ContentHash { get; set; } = "0";
    }

    private sealed record PageWork(string FileName, int Number, string PageId, string RelPath, string? FrontMatterTitle, ParsedMarkdown? Parsed,
        QuizSpec? Quiz, ScenarioSpec? Scenario)
    {
        /// <summary>Kinds of writing warning the page's front matter justifies (<c>schrijfcontrole:</c>).</summary>
        public IReadOnlyDictionary<string, string> Justifications { get; init; } = new Dictionary<string, string>();
    }

    private static ModuleWork ReadModuleFolder(string root, string folderName, IReadOnlySet<string> knownCodes, DiagnosticBag diagnostics)
    {
        var folderPath = Path.Combine(root, ModulesFolder, folderName);
        var relFolder = $"{ModulesFolder}/{folderName}";
        var module = new ModuleWork(folderName, folderPath, relFolder);
        var texts = ReadFilesAndHash(folderPath, relFolder, module, diagnostics);

        var moduleRel = $"{relFolder}/{ModuleFile}";
        if (!texts.TryGetValue(ModuleFile, out var moduleText))
        {
            diagnostics.Error(relFolder, 1, 1, $"{ModuleFile} ontbreekt: elke modulemap heeft een module.md met de gegevens van de module");
        }
        else if (moduleText is not null)
        {
            var split = FrontMatter.Split(moduleText);
            var map = FrontMatter.ParseMapping(split, moduleRel, diagnostics, required: true);
            if (map is not null)
            {
                module.Metadata = ReadMetadata(map, knownCodes);
                module.IdPosition = map.PositionOf("id");
                module.DurationPosition = map.PositionOf("duur");
            }

            if (split.YamlFirstLine >= 0)
            {
                module.Intro = PageMarkdown.Parse(split.Body, split.BodyFirstLine);
            }
        }

        var numbers = new Dictionary<int, string>();
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (fileName, text) in texts.OrderBy(t => t.Key, NaturalStringComparer.Instance))
        {
            if (fileName == ModuleFile || fileName.Contains('/') || fileName.Equals("README.md", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var relPath = $"{relFolder}/{fileName}";
            var match = PageFileName().Match(fileName);
            if (!match.Success)
            {
                diagnostics.Warning(relPath, 1, 1,
                    "bestand wordt genegeerd: noem pagina's als 01-korte-titel.md (nummer, streepje, kleine letters)");
                continue;
            }

            var number = int.Parse(match.Groups["nr"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var pageId = match.Groups["slug"].Value;
            if (numbers.TryGetValue(number, out var other))
            {
                diagnostics.Error(relPath, 1, 1, $"paginanummer {number} wordt ook gebruikt door {other}");
                continue;
            }

            if (ids.TryGetValue(pageId, out var sameId))
            {
                diagnostics.Error(relPath, 1, 1, $"pagina-id '{pageId}' wordt ook gebruikt door {sameId}");
                continue;
            }

            numbers[number] = fileName;
            ids[pageId] = fileName;
            if (text is null)
            {
                // Not readable (too large or not UTF-8, already reported): the page exists but cannot be shown.
                continue;
            }

            var split = FrontMatter.Split(text);
            var map = FrontMatter.ParseMapping(split, relPath, diagnostics, required: false);
            map?.WarnUnknownKeys(PageKeys);
            var title = map?.GetString("titel", required: false, maxLength: 120);
            var quizSpec = AssessmentSettingsReader.ReadQuiz(map);
            var scenarioSpec = AssessmentSettingsReader.ReadScenario(map);

            ParsedMarkdown? parsed = null;
            if (split.YamlFirstLine >= 0)
            {
                if (string.IsNullOrWhiteSpace(split.Body))
                {
                    diagnostics.Error(relPath, split.BodyFirstLine, 1, "pagina is leeg");
                }
                else
                {
                    parsed = PageMarkdown.Parse(split.Body, split.BodyFirstLine);
                }
            }

            module.Pages.Add(new PageWork(fileName, number, pageId, relPath, title, parsed, quizSpec, scenarioSpec)
            {
                Justifications = Writing.WritingCheck.ReadJustifications(map),
            });
        }

        if (ids.Count == 0 && texts.ContainsKey(ModuleFile))
        {
            diagnostics.Error(moduleRel, 1, 1, "module heeft geen pagina's: voeg bestanden toe zoals 01-inleiding.md");
        }

        return module;
    }

    /// <summary>
    /// Checks sizes and encodings of every file, hashes them all, and returns the Markdown texts by relative name
    /// (null for a Markdown file that could not be read; its problem is already reported).
    /// </summary>
    private static Dictionary<string, string?> ReadFilesAndHash(string folderPath, string relFolder, ModuleWork module, DiagnosticBag diagnostics)
    {
        var texts = new Dictionary<string, string?>(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.EnumerateFiles(folderPath, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folderPath, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);
        foreach (var rel in files)
        {
            var fullPath = Path.Combine(folderPath, rel);
            var relPath = $"{relFolder}/{rel}";
            var isMarkdown = rel.EndsWith(".md", StringComparison.OrdinalIgnoreCase);
            hash.AppendData(Encoding.UTF8.GetBytes(rel));
            if (!ContentFileReader.CheckSize(fullPath, relPath, diagnostics))
            {
                if (isMarkdown)
                {
                    texts[rel] = null;
                }

                continue;
            }

            var bytes = File.ReadAllBytes(fullPath);
            hash.AppendData(bytes);
            if (isMarkdown)
            {
                texts[rel] = ContentFileReader.DecodeUtf8(bytes, relPath, diagnostics);
            }
        }

        module.ContentHash = Convert.ToHexStringLower(hash.GetHashAndReset());
        return texts;
    }

    private static ModuleMetadata? ReadMetadata(YamlMap map, IReadOnlySet<string> knownCodes)
    {
        map.WarnUnknownKeys(ModuleKeys);
        var ok = true;

        var id = map.GetString("id", required: true);
        if (id is not null && (id.Length > 64 || !ModuleId().IsMatch(id)))
        {
            map.ErrorAt(map.GetNode("id")!, $"id '{id}' mag alleen kleine letters, cijfers en streepjes bevatten (max. 64 tekens)");
            ok = false;
        }

        var title = map.GetString("titel", required: true, maxLength: 120);
        var summary = map.GetString("samenvatting", required: true, maxLength: 300);

        var audiences = new List<Audience>();
        foreach (var (value, line, column) in map.GetList("doelgroep", required: true) ?? [])
        {
            Audience? audience = value.ToLowerInvariant() switch
            {
                "professional" => Audience.Professional,
                "leidinggevende" or "manager" => Audience.Manager,
                _ => null,
            };
            if (audience is null)
            {
                map.ErrorAtPosition(line, column, $"onbekende doelgroep '{value}'; kies professional of leidinggevende");
                ok = false;
            }
            else if (!audiences.Contains(audience.Value))
            {
                audiences.Add(audience.Value);
            }
        }

        var competences = new List<string>();
        foreach (var (value, line, column) in map.GetList("competenties", required: true) ?? [])
        {
            if (!knownCodes.Contains(value))
            {
                map.ErrorAtPosition(line, column,
                    $"onbekende competentiecode '{value}'; bekend zijn: {(knownCodes.Count == 0 ? "(geen: competenties.yml ontbreekt of is ongeldig)" : string.Join(", ", knownCodes.Order(NaturalStringComparer.Instance)))}");
                ok = false;
            }
            else if (!competences.Contains(value))
            {
                competences.Add(value);
            }
        }

        var duration = map.GetInt("duur", required: true, min: 1, max: 600);

        var language = map.GetString("taal", required: true);
        if (language is not null && !Languages.Contains(language))
        {
            map.ErrorAt(map.GetNode("taal")!, $"onbekende taal '{language}'; kies uit {string.Join(", ", Languages)}");
            ok = false;
        }

        var version = map.GetString("versie", required: true);
        if (version is not null && !SemanticVersion().IsMatch(version))
        {
            map.ErrorAt(map.GetNode("versie")!, $"versie '{version}' moet de vorm 1.0.0 hebben");
            ok = false;
        }

        var masteryText = map.GetString("beheersing", required: false) ?? "voltooid";
        MasteryRule? mastery = masteryText.ToLowerInvariant() switch
        {
            "voltooid" => MasteryRule.Completed,
            "geslaagd" => MasteryRule.Passed,
            "voltooid-en-geslaagd" => MasteryRule.CompletedAndPassed,
            _ => null,
        };
        if (mastery is null)
        {
            map.ErrorAt(map.GetNode("beheersing")!, $"onbekende beheersing '{masteryText}'; kies voltooid, geslaagd of voltooid-en-geslaagd");
            ok = false;
        }

        var passPercent = map.GetInt("slaaggrens", required: false, min: 0, max: 100);
        if (mastery is MasteryRule.Passed or MasteryRule.CompletedAndPassed && passPercent is null)
        {
            map.ErrorAtStart($"beheersing '{masteryText}' vraagt een slaaggrens: schrijf bv. 'slaaggrens: 70' (procent)");
            ok = false;
        }

        var authors = map.GetList("auteurs", required: false)?.Select(a => a.Value).ToList() ?? [];
        var keywords = map.GetList("trefwoorden", required: false)?.Select(k => k.Value).ToList() ?? [];

        if (!ok || id is null || title is null || summary is null || audiences.Count == 0 || competences.Count == 0
            || duration is null || language is null || version is null)
        {
            return null;
        }

        return new ModuleMetadata(id, title, summary, audiences, competences, duration.Value, language, version, authors, keywords,
            mastery ?? MasteryRule.Completed, passPercent);
    }

    /// <summary>Ids of quizzes, cases and questions become xAPI activity ids, so they must be unique in the module.</summary>
    private static void CheckModuleAssessments(ModuleWork module, List<ModulePage> pages, ModuleMetadata? metadata, DiagnosticBag diagnostics)
    {
        var activityIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var questionIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            var activity = page.Quiz?.Settings.Id ?? page.Scenario?.Id;
            if (activity is not null && !activityIds.TryAdd(activity, page.SourcePath))
            {
                diagnostics.Error(page.SourcePath, 1, 1, $"toets- of casus-id '{activity}' wordt ook gebruikt in {activityIds[activity]}");
            }

            foreach (var question in page.Quiz?.Questions ?? [])
            {
                if (!questionIds.TryAdd(question.Id, page.SourcePath) && questionIds[question.Id] != page.SourcePath)
                {
                    diagnostics.Error(question.Location.Path, question.Location.Line, question.Location.Column,
                        $"vraag-id '{question.Id}' wordt ook gebruikt in {questionIds[question.Id]}");
                }
            }
        }

        if (metadata?.Mastery is MasteryRule.Passed or MasteryRule.CompletedAndPassed && !pages.Any(p => p.Quiz?.Settings.PassPercent is not null))
        {
            diagnostics.Error($"{module.RelFolder}/{ModuleFile}", 1, 1,
                "beheersing vraagt slagen, maar de module heeft geen toets met een slaaggrens (een pagina met 'toets:')");
        }
    }

    private static void MarkDuplicateIds(List<ModuleWork> modules, DiagnosticBag diagnostics)
    {
        foreach (var group in modules.Where(m => m.Metadata is not null).GroupBy(m => m.Metadata!.Id).Where(g => g.Count() > 1))
        {
            var all = group.ToList();
            foreach (var module in all)
            {
                var others = string.Join(", ", all.Where(o => o != module).Select(o => $"{o.RelFolder}/{ModuleFile}"));
                diagnostics.Error($"{module.RelFolder}/{ModuleFile}", module.IdPosition.Line, module.IdPosition.Column,
                    $"module-id '{module.Metadata!.Id}' wordt ook gebruikt door {others}; een id moet uniek zijn");
                module.Metadata = null;
            }
        }
    }

    private static LearningModule? RenderModule(ModuleWork module, LinkResolver resolver, IReadOnlySet<string> knownCodes, DiagnosticBag diagnostics)
    {
        // Pages are rendered even when the front matter is broken, so one run reports every problem.
        var metadata = module.Metadata;
        var moduleId = metadata?.Id ?? module.FolderName;
        var english = metadata?.Language == "en";
        var introHtml = string.Empty;
        if (module.Intro is not null)
        {
            var context = new MarkdownContext($"{module.RelFolder}/{ModuleFile}", moduleId, module.FolderName,
                ContentRoutes.Module(moduleId), english);
            introHtml = PageMarkdown.Render(module.Intro, context, resolver, diagnostics).Html;
        }

        var pages = new List<ModulePage>();
        foreach (var page in module.Pages.OrderBy(p => p.Number))
        {
            if (page.Parsed is null)
            {
                continue;
            }

            var context = new MarkdownContext(page.RelPath, moduleId, module.FolderName,
                ContentRoutes.Page(moduleId, page.PageId), english);
            var assessment = new PageAssessmentSettings(page.Quiz, page.Scenario, metadata?.PassPercent,
                metadata?.Competences ?? [], knownCodes);
            if (!english)
            {
                // Before rendering: the renderer rewrites the tree (links, callouts).
                Writing.WritingCheck.Check(page.Parsed, page.RelPath, metadata?.Audiences.Contains(Audience.Professional) ?? true, page.Justifications, diagnostics);
            }

            var rendered = PageMarkdown.Render(page.Parsed, context, resolver, diagnostics, assessment);
            var title = page.FrontMatterTitle ?? rendered.Title;
            if (title is null)
            {
                diagnostics.Warning(page.RelPath, page.Parsed.LineOffset + 1, 1,
                    "pagina heeft geen titel: begin met een regel '# Titel van de pagina'");
                title = char.ToUpperInvariant(page.PageId[0]) + page.PageId[1..].Replace('-', ' ');
            }

            pages.Add(new ModulePage(page.PageId, pages.Count, title, rendered.Html, rendered.WordCount, page.RelPath,
                rendered.Segments, rendered.Quiz, rendered.Scenario));
        }

        CheckModuleAssessments(module, pages, metadata, diagnostics);
        if (metadata is not null && pages.Count > 0 && ModuleDuration.Check(metadata.DurationMinutes, pages) is { } durationProblem)
        {
            diagnostics.Warning($"{module.RelFolder}/{ModuleFile}", module.DurationPosition.Line, module.DurationPosition.Column, durationProblem);
        }

        return metadata is null || pages.Count == 0
            ? null
            : new LearningModule(metadata, introHtml, pages, module.FolderName, module.FolderPath, module.ContentHash);
    }
}
