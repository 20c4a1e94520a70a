using Leerplatform.Core.Content;
using Leerplatform.Core.Content.Markdown;
using Leerplatform.Core.Content.Writing;

namespace Leerplatform.Tests.Content;

public sealed class WritingCheckTests
{
    [Theory]
    [InlineData("tolk", 1)]
    [InlineData("tolken", 2)]
    [InlineData("ziekenhuis", 3)]
    [InlineData("bijvoorbeeld", 3)]
    [InlineData("geëerd", 2)]
    [InlineData("ruïne", 3)]
    [InlineData("cliënt", 2)]
    [InlineData("KNMG", 1)]
    public void SyllablesAreVowelGroupsWithIjAsOneAndADiaeresisStartingANewOne(string word, int syllables) =>
        Assert.Equal(syllables, DutchReadability.CountSyllables(word));

    [Fact]
    public void FleschDoumaMatchesAHandComputedExample()
    {
        // "De tolk komt om tien uur." 6 words, 6 syllables (de tolk komt om tien uur).
        // "Hij vertaalt alles wat de arts zegt." 7 words: hij(1) ver-taalt(2) al-les(2) wat(1) de(1) arts(1) zegt(1) = 9.
        // 2 sentences, 13 words, 15 syllables: 206.835 − 0.93 × 6.5 − 77 × 15/13 = 206.835 − 6.045 − 88.846 = 111.94.
        var score = DutchReadability.Score(["De tolk komt om tien uur. Hij vertaalt alles wat de arts zegt."]);

        Assert.Equal((2, 13, 15), (score.Sentences, score.Words, score.Syllables));
        Assert.Equal(111.94, score.Score, 2);
    }

    [Fact]
    public void AbbreviationsDoNotEndASentence() =>
        Assert.Equal(["Vraag bv. een tolk aan via dhr. Jansen.", "Dat gaat snel."],
            DutchReadability.Sentences("Vraag bv. een tolk aan via dhr. Jansen. Dat gaat snel."));

    private static List<ContentDiagnostic> Run(string body, bool professional = true, Dictionary<string, string>? justified = null)
    {
        var diagnostics = new DiagnosticBag();
        WritingCheck.Check(PageMarkdown.Parse(body, 5), "p.md", professional, justified ?? [], diagnostics);
        return diagnostics.Items.ToList();
    }

    [Fact]
    public void ALongSentenceAndALabelAreWarnedWithTheirLine()
    {
        var body = "# Titel\n\nKort.\n\nDeze zin is met opzet veel te lang geschreven zodat hij meer dan vijfentwintig woorden telt en dus door de controle wordt opgemerkt als een zin die je beter knipt.\n\nHet woord allochtoon staat hier.\n";
        var found = Run(body);

        var longSentence = Assert.Single(found, d => d.Message.StartsWith("lange zin", StringComparison.Ordinal));
        Assert.Equal(9, longSentence.Line);
        Assert.Contains("(30 woorden", longSentence.Message);
        var label = Assert.Single(found, d => d.Message.Contains("'allochtoon'", StringComparison.Ordinal));
        Assert.Equal((11, 11), (label.Line, label.Column));
        Assert.All(found, d => Assert.False(d.IsError));
    }

    [Fact]
    public void HardTextIsWarnedForProfessionalsOnlyAndAJustificationSilencesItsKind()
    {
        var hard = "# Titel\n\n" + string.Concat(Enumerable.Repeat("Organisatieontwikkeling vereist interculturele communicatievaardigheden. ", 20)) + "\n\nDé moslim bestaat niet.\n";

        Assert.Contains(Run(hard), d => d.Message.StartsWith("leesbaarheid: Flesch–Douma", StringComparison.Ordinal));
        Assert.DoesNotContain(Run(hard, professional: false), d => d.Message.StartsWith("leesbaarheid", StringComparison.Ordinal));
        var justified = Run(hard, justified: new() { [WritingCheck.Readability] = "Vakwoorden van het beleidskader.", [WritingCheck.Labels] = "Citaat dat het label juist bekritiseert." });
        Assert.Empty(justified);
        Assert.Contains(Run(hard), d => d.Message.StartsWith("'Dé moslim'", StringComparison.Ordinal));
    }
}
