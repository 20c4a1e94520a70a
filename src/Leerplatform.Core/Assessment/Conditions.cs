using System.Globalization;
using System.Text.RegularExpressions;

namespace Leerplatform.Core.Assessment;

/// <summary>
/// Conditions on the state of a case so far, written after "als": <c>C4 &gt;= 2</c>, <c>totaal &lt; 0</c>,
/// <c>bezocht tolk</c>, <c>niet bezocht zoon</c>, joined with "en".
/// </summary>
public abstract record Condition
{
    public abstract bool Holds(IReadOnlyDictionary<string, int> scores, IReadOnlySet<string> visited);

    /// <summary>Node ids the condition mentions (for the linter).</summary>
    public virtual IEnumerable<string> NodeIds => [];

    /// <summary>Competence codes the condition mentions (for the linter).</summary>
    public virtual IEnumerable<string> Codes => [];
}

public sealed record ScoreCondition(string Code, string Operator, int Value) : Condition
{
    /// <summary>The code "totaal" compares the sum over all competences.</summary>
    public const string Total = "totaal";

    public override bool Holds(IReadOnlyDictionary<string, int> scores, IReadOnlySet<string> visited)
    {
        var score = Code == Total ? scores.Values.Sum() : scores.GetValueOrDefault(Code);
        return Operator switch
        {
            ">=" => score >= Value,
            "<=" => score <= Value,
            ">" => score > Value,
            "<" => score < Value,
            "=" => score == Value,
            "!=" => score != Value,
            _ => false,
        };
    }

    public override IEnumerable<string> Codes => Code == Total ? [] : [Code];

    public override string ToString() => $"{Code} {Operator} {Value}";
}

public sealed record VisitedCondition(string NodeId, bool Negated) : Condition
{
    public override bool Holds(IReadOnlyDictionary<string, int> scores, IReadOnlySet<string> visited) =>
        visited.Contains(NodeId) != Negated;

    public override IEnumerable<string> NodeIds => [NodeId];

    public override string ToString() => $"{(Negated ? "niet " : string.Empty)}bezocht {NodeId}";
}

public sealed record AllCondition(IReadOnlyList<Condition> Parts) : Condition
{
    public override bool Holds(IReadOnlyDictionary<string, int> scores, IReadOnlySet<string> visited) =>
        Parts.All(p => p.Holds(scores, visited));

    public override IEnumerable<string> NodeIds => Parts.SelectMany(p => p.NodeIds);

    public override IEnumerable<string> Codes => Parts.SelectMany(p => p.Codes);

    public override string ToString() => string.Join(" en ", Parts);
}

/// <summary>
/// <c>regio vl</c> / <c>regio nl</c>: the choice exists only in that region's version of the case. Resolved when the
/// case is specialised for a region (<see cref="Scenario.ForRegion"/>), so at play time it always holds.
/// </summary>
public sealed record RegionCondition(string Region) : Condition
{
    public const string Flanders = "vl";
    public const string Netherlands = "nl";

    public static readonly IReadOnlyList<string> All = [Netherlands, Flanders];

    public override bool Holds(IReadOnlyDictionary<string, int> scores, IReadOnlySet<string> visited) => true;

    public override string ToString() => $"regio {Region}";

    public static bool Mentions(Condition? condition) => condition switch
    {
        RegionCondition => true,
        AllCondition all => all.Parts.Any(Mentions),
        _ => false,
    };

    /// <summary>False when the condition names another region than <paramref name="region"/>.</summary>
    public static bool Allows(Condition? condition, string region) => condition switch
    {
        RegionCondition r => r.Region == region,
        AllCondition all => all.Parts.All(p => Allows(p, region)),
        _ => true,
    };

    /// <summary>The choice for <paramref name="region"/>: null when it belongs to another region, else without its region part.</summary>
    public static Choice? Resolve(Choice choice, string region)
    {
        if (!Mentions(choice.Condition))
        {
            return choice;
        }

        var parts = choice.Condition is AllCondition all ? all.Parts : [choice.Condition!];
        if (parts.OfType<RegionCondition>().Any(r => r.Region != region))
        {
            return null;
        }

        var rest = parts.Where(p => p is not RegionCondition).ToList();
        return choice with { Condition = rest.Count == 0 ? null : rest.Count == 1 ? rest[0] : new AllCondition(rest) };
    }
}

public static partial class ConditionParser
{
    [GeneratedRegex(@"^(?<code>C[0-9]{1,2}|totaal)\s*(?<op>>=|<=|!=|>|<|=)\s*(?<value>[+-]?[0-9]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex ScorePart();

    [GeneratedRegex(@"^(?<not>niet\s+)?bezocht\s+(?<node>[a-z0-9]+(?:-[a-z0-9]+)*)$", RegexOptions.IgnoreCase)]
    private static partial Regex VisitedPart();

    [GeneratedRegex(@"^regio\s+(?<region>[a-z]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex RegionPart();

    /// <summary>Parses the text after "als"; returns null and an explanation when it cannot.</summary>
    public static Condition? Parse(string text, out string? error)
    {
        error = null;
        var parts = new List<Condition>();
        foreach (var raw in Regex.Split(text.Trim(), @"\s+en\s+", RegexOptions.IgnoreCase))
        {
            var part = raw.Trim();
            if (ScorePart().Match(part) is { Success: true } score)
            {
                var code = score.Groups["code"].Value;
                parts.Add(new ScoreCondition(code.Equals("totaal", StringComparison.OrdinalIgnoreCase) ? ScoreCondition.Total : code.ToUpperInvariant(),
                    score.Groups["op"].Value, int.Parse(score.Groups["value"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)));
            }
            else if (VisitedPart().Match(part) is { Success: true } visited)
            {
                parts.Add(new VisitedCondition(visited.Groups["node"].Value.ToLowerInvariant(), visited.Groups["not"].Success));
            }
            else if (RegionPart().Match(part) is { Success: true } region)
            {
                var code = region.Groups["region"].Value.ToLowerInvariant();
                if (!RegionCondition.All.Contains(code))
                {
                    error = $"regio '{code}' bestaat niet; schrijf 'regio vl' (Vlaanderen) of 'regio nl' (Nederland)";
                    return null;
                }

                parts.Add(new RegionCondition(code));
            }
            else
            {
                error = $"voorwaarde '{part}' niet begrepen; schrijf bv. 'C4 >= 2', 'totaal < 0', 'bezocht tolk', 'niet bezocht tolk' of 'regio vl'";
                return null;
            }
        }

        return parts.Count == 1 ? parts[0] : new AllCondition(parts);
    }
}
