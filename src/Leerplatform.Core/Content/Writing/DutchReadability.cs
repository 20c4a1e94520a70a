using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Leerplatform.Core.Content.Writing;

/// <summary>The counts behind a readability score, so a warning can say why.</summary>
public sealed record ReadabilityScore(double Score, int Words, int Sentences, int Syllables)
{
    public double WordsPerSentence => Sentences == 0 ? 0 : (double)Words / Sentences;

    public double SyllablesPerWord => Words == 0 ? 0 : (double)Syllables / Words;
}

/// <summary>
/// Flesch–Douma (Douma 1960), the Dutch adaptation of Flesch's reading ease:
/// <c>206.835 − 0.93 × (words / sentences) − 77 × (syllables / words)</c>. Higher is easier; about 60–70 reads as
/// "normal" text, which is where B1 lies. Syllables are counted as vowel groups, with <c>ij</c> as one vowel and
/// a diaeresis (<c>geëerd</c>, <c>ruïne</c>) starting a new syllable — the usual approximation for Dutch.
/// </summary>
public static partial class DutchReadability
{
    private const string Vowels = "aeiouyàáâäèéêëìíîïòóôöùúûü";

    /// <summary>Abbreviations whose full stop does not end a sentence.</summary>
    private static readonly string[] Abbreviations =
        ["bv", "bijv", "bijvoorbeeld", "o.a", "a.d.h.v", "d.w.z", "i.p.v", "m.b.t", "t.o.v", "enz", "etc", "dhr", "mevr", "mr", "dr", "prof", "nr", "art", "blz", "p", "vs", "ca", "incl", "excl", "resp", "zgn", "e.a", "jr", "min"];

    [GeneratedRegex("[\\p{L}\\p{N}]+(?:['’-][\\p{L}\\p{N}]+)*")]
    private static partial Regex Word();

    [GeneratedRegex("(?<=[.!?…])[\"”’)]*\\s+")]
    private static partial Regex SentenceGap();

    public static int CountSyllables(string word)
    {
        var lower = word.ToLower(CultureInfo.GetCultureInfo("nl"));
        var count = 0;
        var inVowelGroup = false;
        for (var i = 0; i < lower.Length; i++)
        {
            var c = lower[i];
            // "ij" is one vowel sound: the j continues the i's group.
            var isVowel = Vowels.Contains(c, StringComparison.Ordinal) || (c == 'j' && i > 0 && lower[i - 1] == 'i' && inVowelGroup);
            var diaeresis = c is 'ë' or 'ï' or 'ö' or 'ü' or 'ä';
            if (isVowel && (!inVowelGroup || diaeresis))
            {
                count++;
            }

            inVowelGroup = isVowel;
        }

        // Every word has a syllable, also "’s" or digits.
        return Math.Max(1, count);
    }

    public static IReadOnlyList<string> Words(string text) => Word().Matches(text).Select(m => m.Value).ToList();

    /// <summary>Splits running text into sentences at . ! ? followed by a space, except after known abbreviations.</summary>
    public static IReadOnlyList<string> Sentences(string text)
    {
        var sentences = new List<string>();
        var current = new StringBuilder();
        var start = 0;
        foreach (Match gap in SentenceGap().Matches(text))
        {
            var piece = text[start..gap.Index];
            current.Append(piece);
            start = gap.Index + gap.Length;
            var lastWord = Regex.Match(current.ToString(), "([\\p{L}.]+)\\.$").Groups[1].Value.ToLowerInvariant();
            if (Abbreviations.Contains(lastWord) || (lastWord.Length == 1 && char.IsLetter(lastWord[0])))
            {
                current.Append(' ');
                continue;
            }

            Flush();
        }

        current.Append(text[start..]);
        Flush();
        return sentences;

        void Flush()
        {
            var sentence = current.ToString().Trim();
            if (Word().IsMatch(sentence))
            {
                sentences.Add(sentence);
            }

            current.Clear();
        }
    }

    /// <summary>The Flesch–Douma score of running text (paragraphs joined; each paragraph ends a sentence).</summary>
    public static ReadabilityScore Score(IEnumerable<string> paragraphs)
    {
        int words = 0, sentences = 0, syllables = 0;
        foreach (var paragraph in paragraphs)
        {
            foreach (var sentence in Sentences(paragraph))
            {
                var sentenceWords = Words(sentence);
                sentences++;
                words += sentenceWords.Count;
                syllables += sentenceWords.Sum(CountSyllables);
            }
        }

        var score = words == 0 || sentences == 0 ? 100 : 206.835 - 0.93 * ((double)words / sentences) - 77 * ((double)syllables / words);
        return new ReadabilityScore(score, words, sentences, syllables);
    }
}
