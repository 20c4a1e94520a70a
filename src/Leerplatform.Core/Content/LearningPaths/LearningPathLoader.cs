using System.Text.RegularExpressions;
using Leerplatform.Core.Content.Markdown;
using Leerplatform.Core.Content.Writing;
using YamlDotNet.RepresentationModel;

namespace Leerplatform.Core.Content.LearningPaths;

/// <summary>
/// Loads the learning paths under <c>leerlijnen/</c>: one folder per path with <c>leerlijn.md</c> (front matter with
/// the ordered <c>stappen</c>) and one <c>opdracht-&lt;slug&gt;.md</c> per assignment. Problems are reported like
/// module problems (<c>file:line:col</c>); a path with any error is left out, the rest of the site keeps working.
/// </summary>
public static partial class LearningPathLoader
{
    public const string PathsFolder = "leerlijnen";
    public const string PathFile = "leerlijn.md";
    public const string AssignmentPrefix = "opdracht-";

    private static readonly string[] PathKeys = ["id", "titel", "samenvatting", "doelgroep", "duur", "stappen", WritingCheck.FrontMatterKey];

    private static readonly string[] AssignmentKeys = ["titel", "duur", "competenties", WritingCheck.FrontMatterKey];

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    [GeneratedRegex("^opdracht-(?<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\\.md$")]
    private static partial Regex AssignmentFileName();

    /// <summary>Reads every path folder; <paramref name="moduleIds"/> are the modules steps may name.</summary>
    public static IReadOnlyList<LearningPath> Load(string root, IReadOnlyCollection<string> moduleIds, IReadOnlySet<string> knownCodes, DiagnosticBag diagnostics,
        LinkResolver? links = null)
    {
        var pathsRoot = Path.Combine(root, PathsFolder);
        if (!Directory.Exists(pathsRoot))
        {
            return [];
        }

        foreach (var stray in Directory.EnumerateFiles(pathsRoot).Select(Path.GetFileName).OfType<string>()
                     .Where(f => !f.Equals("README.md", StringComparison.OrdinalIgnoreCase)))
        {
            diagnostics.Warning($"{PathsFolder}/{stray}", 1, 1, "bestand direct onder leerlijnen/ wordt genegeerd: elke leerlijn is een map");
        }

        var known = moduleIds.ToHashSet(StringComparer.Ordinal);
        var read = Directory.EnumerateDirectories(pathsRoot)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(NaturalStringComparer.Instance)
            .Select(folder => ReadPath(root, folder, known, knownCodes, diagnostics, links))
            .OfType<(LearningPath Path, (int Line, int Column) IdPosition)>()
            .ToList();

        foreach (var group in read.GroupBy(p => p.Path.Id).Where(g => g.Count() > 1))
        {
            foreach (var (path, position) in group)
            {
                var others = string.Join(", ", group.Where(o => o.Path != path).Select(o => o.Path.SourcePath));
                diagnostics.Error(path.SourcePath, position.Line, position.Column, $"leerlijn-id '{path.Id}' wordt ook gebruikt door {others}; een id moet uniek zijn");
            }
        }

        return read.Select(p => p.Path)
            .Where(p => !diagnostics.HasErrorsFor(Path.GetDirectoryName(p.SourcePath)!.Replace('\\', '/') + "/"))
            .ToList();
    }

    private static (LearningPath, (int, int))? ReadPath(string root, string folder, IReadOnlySet<string> moduleIds, IReadOnlySet<string> knownCodes, DiagnosticBag diagnostics,
        LinkResolver? links)
    {
        var relFolder = $"{PathsFolder}/{folder}";
        var folderPath = Path.Combine(root, PathsFolder, folder);
        var relPath = $"{relFolder}/{PathFile}";
        var fullPath = Path.Combine(folderPath, PathFile);
        var text = File.Exists(fullPath) ? ContentFileReader.ReadText(fullPath, relPath, diagnostics) : null;
        if (!File.Exists(fullPath))
        {
            diagnostics.Error(relFolder, 1, 1, $"{PathFile} ontbreekt: elke leerlijnmap heeft een leerlijn.md met de gegevens en de stappen");
        }

        var split = text is null ? null : FrontMatter.Split(text);
        var map = split is null ? null : FrontMatter.ParseMapping(split, relPath, diagnostics, required: true);
        map?.WarnUnknownKeys(PathKeys);
        var id = map?.GetString("id", required: true);
        if (id is not null && (id.Length > 64 || !Slug().IsMatch(id)))
        {
            map!.ErrorAt(map.GetNode("id")!, $"id '{id}' mag alleen kleine letters, cijfers en streepjes bevatten (max. 64 tekens)");
            id = null;
        }

        // Assignments are checked even when leerlijn.md is broken, so one run reports every problem.
        var assignments = ReadAssignments(root, folderPath, relFolder, id ?? folder, knownCodes, diagnostics, links);
        if (split is null || map is null)
        {
            return null;
        }

        var title = map.GetString("titel", required: true, maxLength: 120);
        var summary = map.GetString("samenvatting", required: true, maxLength: 300);
        var audiences = ReadAudiences(map);
        var duration = map.GetInt("duur", required: true, min: 1, max: 6000);
        var steps = ReadSteps(map, folderPath, relFolder, moduleIds, assignments);

        foreach (var (slug, assignment) in assignments.Where(a => !steps.Any(s => s.Kind == PathStepKind.Assignment && s.Ref == a.Key)))
        {
            diagnostics.Warning(assignment.SourcePath, 1, 1, $"opdracht '{slug}' staat in geen enkele stap: voeg '- opdracht: {slug}' toe aan de stappen in {PathFile}");
        }

        var introHtml = string.Empty;
        if (!string.IsNullOrWhiteSpace(split.Body))
        {
            var parsed = PageMarkdown.Parse(split.Body, split.BodyFirstLine);
            WritingCheck.Check(parsed, relPath, professionalAudience: false, WritingCheck.ReadJustifications(map), diagnostics);
            var context = new MarkdownContext(relPath, id ?? folder, folder, LearningPathRoutes.Path(id ?? folder), English: false);
            introHtml = PageMarkdown.Render(parsed, context, links ?? new LinkResolver(new ContentIndex(root)), diagnostics).Html;
        }

        if (id is null || title is null || summary is null || audiences.Count == 0 || duration is null || steps.Count == 0)
        {
            return null;
        }

        return (new LearningPath(id, title, summary, audiences, duration.Value, introHtml, steps, relPath), map.PositionOf("id"));
    }

    private static List<Audience> ReadAudiences(YamlMap map)
    {
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
            }
            else if (!audiences.Contains(audience.Value))
            {
                audiences.Add(audience.Value);
            }
        }

        return audiences;
    }

    private static List<PathStep> ReadSteps(YamlMap map, string folderPath, string relFolder, IReadOnlySet<string> moduleIds,
        IReadOnlyDictionary<string, PathAssignment> assignments)
    {
        var steps = new List<PathStep>();
        var node = map.GetNode("stappen");
        if (node is null)
        {
            map.ErrorAtStart("verplicht veld 'stappen' ontbreekt: zet de modules en opdrachten van de leerlijn in volgorde onder 'stappen:'");
            return steps;
        }

        if (node is YamlScalarNode { Value: null or "" } || node is YamlSequenceNode { Children.Count: 0 })
        {
            map.ErrorAt(node, "de leerlijn heeft geen stappen: zet minstens één regel '- module: <id>' of '- opdracht: <naam>' onder 'stappen:'");
            return steps;
        }

        if (node is not YamlSequenceNode sequence)
        {
            map.ErrorAt(node, "'stappen' moet een lijst zijn: één regel per stap, bv. '- module: m2-drempels' of '- opdracht: quick-scan'");
            return steps;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode { Children.Count: 1 } mapping
                || mapping.Children.Single() is not { Key: YamlScalarNode { Value: "module" or "opdracht" } key, Value: YamlScalarNode value }
                || string.IsNullOrWhiteSpace(value.Value))
            {
                map.ErrorAt(item, "een stap is '- module: <module-id>' of '- opdracht: <naam>', met precies één van beide");
                continue;
            }

            var reference = value.Value.Trim();
            var kind = key.Value == "module" ? PathStepKind.Module : PathStepKind.Assignment;
            PathAssignment? assignment = null;
            if (kind == PathStepKind.Module && !moduleIds.Contains(reference))
            {
                map.ErrorAt(value, $"onbekende module '{reference}': er is geen module met dit id in modules/");
                continue;
            }

            if (kind == PathStepKind.Assignment && !assignments.TryGetValue(reference, out assignment))
            {
                map.ErrorAt(value, File.Exists(Path.Combine(folderPath, AssignmentPrefix + reference + ".md"))
                    ? $"opdracht '{reference}' heeft fouten (zie {relFolder}/{AssignmentPrefix}{reference}.md)"
                    : $"onbekende opdracht '{reference}': maak een bestand {AssignmentPrefix}{reference}.md in {relFolder}/");
                continue;
            }

            if (!seen.Add($"{key.Value}:{reference}"))
            {
                map.ErrorAt(value, $"{key.Value} '{reference}' staat twee keer in de stappen");
                continue;
            }

            steps.Add(new PathStep(steps.Count + 1, kind, reference, assignment));
        }

        return steps;
    }

    /// <summary>Reads every <c>opdracht-*.md</c> of the folder; only valid ones are returned, by slug.</summary>
    private static Dictionary<string, PathAssignment> ReadAssignments(string root, string folderPath, string relFolder, string pathId,
        IReadOnlySet<string> knownCodes, DiagnosticBag diagnostics, LinkResolver? links)
    {
        var result = new Dictionary<string, PathAssignment>(StringComparer.Ordinal);
        foreach (var fileName in Directory.EnumerateFiles(folderPath).Select(Path.GetFileName).OfType<string>().Order(NaturalStringComparer.Instance))
        {
            var relPath = $"{relFolder}/{fileName}";
            var match = AssignmentFileName().Match(fileName);
            if (!match.Success)
            {
                if (fileName != PathFile && !fileName.Equals("README.md", StringComparison.OrdinalIgnoreCase))
                {
                    diagnostics.Warning(relPath, 1, 1, "bestand wordt genegeerd: een leerlijnmap bevat leerlijn.md en opdrachten als opdracht-korte-naam.md");
                }

                continue;
            }

            var text = ContentFileReader.ReadText(Path.Combine(folderPath, fileName), relPath, diagnostics);
            if (text is null)
            {
                continue;
            }

            var slug = match.Groups["slug"].Value;
            var split = FrontMatter.Split(text);
            var map = FrontMatter.ParseMapping(split, relPath, diagnostics, required: true);
            if (map is null)
            {
                continue;
            }

            map.WarnUnknownKeys(AssignmentKeys);
            var title = map.GetString("titel", required: true, maxLength: 120);
            var duration = map.GetInt("duur", required: true, min: 1, max: 600);
            var competences = new List<string>();
            var ok = true;
            foreach (var (value, line, column) in map.GetList("competenties", required: false) ?? [])
            {
                if (!knownCodes.Contains(value))
                {
                    map.ErrorAtPosition(line, column, $"onbekende competentiecode '{value}'; bekend zijn: {string.Join(", ", knownCodes.Order(NaturalStringComparer.Instance))}");
                    ok = false;
                }
                else if (!competences.Contains(value))
                {
                    competences.Add(value);
                }
            }

            if (string.IsNullOrWhiteSpace(split.Body))
            {
                diagnostics.Error(relPath, split.BodyFirstLine, 1, "opdracht is leeg: schrijf onder de gegevens wat de deelnemer moet doen");
                continue;
            }

            var parsed = PageMarkdown.Parse(split.Body, split.BodyFirstLine);
            WritingCheck.Check(parsed, relPath, professionalAudience: false, WritingCheck.ReadJustifications(map), diagnostics);
            var context = new MarkdownContext(relPath, pathId, Path.GetFileName(folderPath), LearningPathRoutes.Assignment(pathId, slug), English: false);
            var html = PageMarkdown.Render(parsed, context, links ?? new LinkResolver(new ContentIndex(root)), diagnostics).Html;
            if (ok && title is not null && duration is not null)
            {
                result[slug] = new PathAssignment(slug, title, duration.Value, competences, html, relPath);
            }
        }

        return result;
    }
}
