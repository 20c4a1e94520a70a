using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Leerplatform.Core.Content;

/// <summary>Reads <c>competenties.yml</c>: the framework every module, question and choice refers to by code.</summary>
public static class CompetenceFrameworkLoader
{
    public const string FileName = "competenties.yml";

    public static IReadOnlyList<Competence> Load(string rootPath, DiagnosticBag diagnostics)
    {
        var fullPath = Path.Combine(rootPath, FileName);
        if (!File.Exists(fullPath))
        {
            diagnostics.Error(FileName, 1, 1, "het competentiekader ontbreekt (competenties.yml)");
            return [];
        }

        var text = ContentFileReader.ReadText(fullPath, FileName, diagnostics);
        if (text is null)
        {
            return [];
        }

        // The whole file is YAML: model it as front matter starting at line 1 so positions map one to one.
        var doc = new SplitDocument(text, 1, string.Empty, int.MaxValue);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            diagnostics.Error(FileName, (int)ex.Start.Line, (int)ex.Start.Column, $"ongeldige YAML: {ex.InnerException?.Message ?? ex.Message}");
            return [];
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            diagnostics.Error(FileName, 1, 1, "verwacht 'competenties:' met een lijst van competenties");
            return [];
        }

        var rootMap = new YamlMap(root, doc, FileName, diagnostics);
        rootMap.WarnUnknownKeys(["competenties"]);
        if (rootMap.GetNode("competenties") is not YamlSequenceNode list)
        {
            diagnostics.Error(FileName, 1, 1, "verwacht 'competenties:' met een lijst van competenties");
            return [];
        }

        var result = new List<Competence>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                diagnostics.Error(FileName, (int)item.Start.Line, (int)item.Start.Column, "elke competentie heeft code, naam en omschrijving");
                continue;
            }

            var map = new YamlMap(mapping, doc, FileName, diagnostics);
            map.WarnUnknownKeys(["code", "naam", "omschrijving", "niveaus"]);
            var code = map.GetString("code", required: true);
            var name = map.GetString("naam", required: true, maxLength: 80);
            var description = map.GetString("omschrijving", required: true, maxLength: 400);
            var levels = ReadLevels(map, doc, diagnostics);
            if (code is null || name is null || description is null)
            {
                continue;
            }

            if (!System.Text.RegularExpressions.Regex.IsMatch(code, "^C[0-9]{1,2}$"))
            {
                map.ErrorAt(map.GetNode("code")!, $"competentiecode '{code}' moet de vorm C1, C2, … hebben");
                continue;
            }

            if (seen.TryGetValue(code, out var firstLine))
            {
                map.ErrorAt(map.GetNode("code")!, $"competentiecode '{code}' staat al op regel {firstLine}");
                continue;
            }

            seen[code] = (int)mapping.Start.Line;
            result.Add(new Competence(code, name, description, levels));
        }

        return result;
    }

    private static CompetenceLevels? ReadLevels(YamlMap map, SplitDocument doc, DiagnosticBag diagnostics)
    {
        var node = map.GetNode("niveaus");
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMappingNode levelsNode)
        {
            map.ErrorAt(node, "'niveaus' moet basis, vaardig en voortrekker bevatten");
            return null;
        }

        var levels = new YamlMap(levelsNode, doc, FileName, diagnostics);
        levels.WarnUnknownKeys(["basis", "vaardig", "voortrekker"]);
        var basis = levels.GetString("basis", required: true);
        var vaardig = levels.GetString("vaardig", required: true);
        var voortrekker = levels.GetString("voortrekker", required: true);
        return basis is null || vaardig is null || voortrekker is null ? null : new CompetenceLevels(basis, vaardig, voortrekker);
    }
}
