using System.Globalization;
using System.Text.RegularExpressions;
using Leerplatform.Core.Content.Markdown;
using Markdig.Extensions.Tables;
using Markdig.Syntax;

namespace Leerplatform.Core.Content.Writing;

/// <summary>
/// Writing checks of <c>check</c> for Dutch pages: readability (Flesch–Douma) for professional audiences, sentences
/// over 25 words, and words that put a label on a group. All are warnings with a line; a page may justify a kind of
/// warning in its front matter (<c>schrijfcontrole: {leesbaarheid|lange-zinnen|woorden}: "reden"</c>), which
/// silences that kind on that page only — the reason stays in the file for the reviewer to read.
/// </summary>
public static partial class WritingCheck
{
    public const string FrontMatterKey = "schrijfcontrole";
    public const string Readability = "leesbaarheid";
    public const string LongSentences = "lange-zinnen";
    public const string Labels = "woorden";

    public static readonly IReadOnlyList<string> Kinds = [Readability, LongSentences, Labels];

    /// <summary>
    /// Flesch–Douma below 60 reads as harder than "normal" text (60–70), the band that matches B1 for adult readers.
    /// Pages need at least <see cref="MinimumWords"/> words before the score means anything.
    /// </summary>
    public const double MinimumScore = 60;

    public const int MinimumWords = 60;

    public const int MaxSentenceWords = 25;

    private sealed record Label(Regex Pattern, string Advice);

    private static readonly Label[] LabelWords =
    [
        new(AllochtoonPattern(), "plakt één label op mensen met heel verschillende achtergronden; noem wat ertoe doet (taal, migratiegeschiedenis, verblijfsstatus) of spreek van 'mensen met een migratieachtergrond'"),
        new(EmphaticGroupPattern(), "'dé …' doet alsof een hele groep hetzelfde denkt of doet; spreek over deze persoon en zijn situatie"),
        new(GroupAsWholePattern(), "spreekt over een groep als geheel; beschrijf personen en de verschillen binnen een groep"),
        new(LoadedWordPattern(), "is een beladen woord; gebruik een neutrale, precieze omschrijving"),
    ];

    [GeneratedRegex("\\ballochto(?:on|ne|nen)\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AllochtoonPattern();

    [GeneratedRegex("\\bdé\\s+(?:moslims?|migranten?|allochto(?:on|nen)|vluchtelingen?|nieuwkomers?|marokkanen|marokkaan|turken|turk|afrikanen|afrikaan|polen|pool|syriërs|syriër|roma)\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EmphaticGroupPattern();

    [GeneratedRegex("\\b(?:de|die)\\s+(?:moslims|marokkanen|turken|afrikanen|polen|syriërs|buitenlanders)\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GroupAsWholePattern();

    [GeneratedRegex("\\b(?:gelukszoekers?|illegalen|gastarbeiders?|zwarte\\s+scholen|exotische?)\\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LoadedWordPattern();

    public static void Check(ParsedMarkdown page, string relPath, bool professionalAudience, IReadOnlyDictionary<string, string> justified, DiagnosticBag diagnostics)
    {
        var paragraphs = page.Document.Descendants<ParagraphBlock>()
            .Where(p => !InTable(p) && p.Inline is not null)
            .Select(p => (Line: p.Line + page.LineOffset + 1, Text: PageMarkdown.PlainText(p.Inline)))
            .Where(p => !string.IsNullOrWhiteSpace(p.Text))
            .ToList();

        if (!justified.ContainsKey(LongSentences))
        {
            foreach (var (line, text) in paragraphs)
            {
                foreach (var sentence in DutchReadability.Sentences(text))
                {
                    var words = DutchReadability.Words(sentence).Count;
                    if (words > MaxSentenceWords)
                    {
                        diagnostics.Warning(relPath, line, 1,
                            $"lange zin ({words} woorden; B1 vraagt hoogstens {MaxSentenceWords}): '{Shorten(sentence)}' — knip hem in twee, of verantwoord het onder '{FrontMatterKey}: {LongSentences}:'");
                    }
                }
            }
        }

        if (professionalAudience && !justified.ContainsKey(Readability))
        {
            var score = DutchReadability.Score(paragraphs.Select(p => p.Text));
            if (score.Words >= MinimumWords && score.Score < MinimumScore)
            {
                var nl = CultureInfo.GetCultureInfo("nl");
                diagnostics.Warning(relPath, page.LineOffset + 1, 1,
                    $"leesbaarheid: Flesch–Douma {score.Score.ToString("0", nl)} (moeilijker dan B1, dat vraagt minstens {MinimumScore:0}): " +
                    $"gemiddeld {score.WordsPerSentence.ToString("0.0", nl)} woorden per zin en {score.SyllablesPerWord.ToString("0.00", nl)} lettergrepen per woord; " +
                    $"schrijf kortere zinnen en gewonere woorden, of verantwoord het onder '{FrontMatterKey}: {Readability}:'");
            }
        }

        if (!justified.ContainsKey(Labels))
        {
            for (var i = 0; i < page.Lines.Length; i++)
            {
                foreach (var label in LabelWords)
                {
                    foreach (Match match in label.Pattern.Matches(page.Lines[i]))
                    {
                        diagnostics.Warning(relPath, page.LineOffset + i + 1, match.Index + 1,
                            $"'{match.Value}' {label.Advice} (of verantwoord het onder '{FrontMatterKey}: {Labels}:')");
                    }
                }
            }
        }
    }

    /// <summary>Reads <c>schrijfcontrole:</c> from a page's front matter: kind → reason.</summary>
    public static IReadOnlyDictionary<string, string> ReadJustifications(YamlMap? page)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (page?.GetMap(FrontMatterKey) is not { } map)
        {
            return result;
        }

        map.WarnUnknownKeys(Kinds.ToArray());
        foreach (var kind in Kinds)
        {
            if (map.GetString(kind, required: false, maxLength: 500) is { } reason)
            {
                if (reason.Trim().Length < 15)
                {
                    map.ErrorAtPosition(map.PositionOf(kind).Line, map.PositionOf(kind).Column,
                        $"'{FrontMatterKey}: {kind}' vraagt een echte reden (minstens 15 tekens): waarom is deze tekst zo beter voor de lezer?");
                    continue;
                }

                result[kind] = reason.Trim();
            }
        }

        return result;
    }

    private static bool InTable(Block block)
    {
        for (var parent = block.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is Table)
            {
                return true;
            }
        }

        return false;
    }

    private static string Shorten(string sentence) => sentence.Length <= 60 ? sentence : sentence[..57] + "…";
}
