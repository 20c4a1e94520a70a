using System.Text.RegularExpressions;
using Leerplatform.Core.Content;
using Leerplatform.Core.Content.Markdown;
using Markdig.Extensions.CustomContainers;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Leerplatform.Core.Assessment;

/// <summary>
/// Turns the <c>::: vraag</c>, <c>::: knoop</c> and <c>::: einde</c> blocks of a page into a quiz or a case.
/// Two phases around link resolution: <see cref="Prepare"/> reads choice targets (<c>#knoop</c>, which are not
/// page links) and takes those links out of the tree; <see cref="Build"/> renders the parts to HTML and leaves
/// one marker where the quiz or case appears on the page.
/// </summary>
internal sealed partial class AssessmentExtractor(
    ParsedMarkdown parsed,
    MarkdownContext context,
    DiagnosticBag diagnostics,
    PageAssessmentSettings settings)
{
    public const string QuestionKeyword = "vraag";
    public const string NodeKeyword = "knoop";
    public const string EndingKeyword = "einde";
    public const string RegionKeyword = "regio";

    private readonly List<QuestionDraft> _questions = [];
    private readonly List<NodeDraft> _nodes = [];

    [GeneratedRegex(@"^\s*(?:[-*+]|\d+[.)])\s+\[(?<mark>[ xX])\]\s*(?<text>.*)$")]
    private static partial Regex TaskLine();

    [GeneratedRegex(@"^\s*[-*+]\s+\[(?<text>.*)\]\(#(?<target>[^)\s]*)\)(?<rest>.*)$")]
    private static partial Regex ChoiceLine();

    [GeneratedRegex(@"^\s*[-*+]\s+automatisch\b.*?\]\(#(?<target>[^)\s]*)\)\s*\|?\s*als\s+(?<condition>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex RouteLine();

    [GeneratedRegex(@"^(?<code>C[0-9]{1,2})\s*(?<delta>[+-−]\s*[0-9]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex DeltaPart();

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    private static readonly Dictionary<string, QuestionType> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["enkelvoudig"] = QuestionType.SingleChoice,
        ["meervoudig"] = QuestionType.MultipleResponse,
        ["juist-onjuist"] = QuestionType.TrueFalse,
        ["volgorde"] = QuestionType.Ordering,
        ["koppelen"] = QuestionType.Matching,
        ["likert"] = QuestionType.Likert,
        ["reflectie"] = QuestionType.Reflection,
    };

    private static readonly string[] DefaultScale =
        ["Helemaal niet mee eens", "Niet mee eens", "Neutraal", "Mee eens", "Helemaal mee eens"];

    public bool HasAssessment => _questions.Count > 0 || _nodes.Count > 0;

    /// <summary>Phase 1: find the blocks, check their structure, and detach choice links before links are resolved.</summary>
    public void Prepare()
    {
        foreach (var container in parsed.Document.Descendants<CustomContainer>().ToList())
        {
            var keyword = container.Info?.Trim().ToLowerInvariant();
            if (container.Parent != parsed.Document)
            {
                if (keyword is QuestionKeyword or NodeKeyword or EndingKeyword)
                {
                    Error(container, $"'::: {keyword}' moet op het hoogste niveau van de pagina staan, niet in een ander blok");
                }

                continue;
            }

            switch (keyword)
            {
                case QuestionKeyword:
                    PrepareQuestion(container);
                    break;
                case NodeKeyword or EndingKeyword:
                    PrepareNode(container, keyword == EndingKeyword);
                    break;
                case RegionKeyword:
                    // Regional text is handled by PageMarkdown; only its place matters here.
                    break;
                default:
                    Warning(container, $"onbekend blok '::: {container.Info}'; bekend zijn '::: vraag', '::: knoop', '::: einde' en '::: regio'");
                    break;
            }
        }

        if (_questions.Count > 0 && _nodes.Count > 0)
        {
            Error(_nodes[0].Container, "een pagina bevat óf vragen óf een casus, niet allebei; zet de casus op een eigen pagina");
        }

        if (settings.Quiz is { } quiz && _questions.Count == 0)
        {
            diagnostics.Error(quiz.Location.Path, quiz.Location.Line, quiz.Location.Column, "'toets:' staat in de front matter, maar de pagina heeft geen '::: vraag'-blokken");
        }

        if (settings.Scenario is { } scenario && _nodes.Count == 0)
        {
            diagnostics.Error(scenario.Location.Path, scenario.Location.Line, scenario.Location.Column, "'scenario:' staat in de front matter, maar de pagina heeft geen '::: knoop'-blokken");
        }
    }

    /// <summary>Phase 2 (after link resolution): render the parts and replace the blocks by one marker.</summary>
    public (Quiz? Quiz, Scenario? Scenario) Build(Func<IEnumerable<Block>, string> renderBlocks, Func<ContainerInline?, string> renderInlines)
    {
        Quiz? quiz = null;
        Scenario? scenario = null;
        if (_questions.Count > 0)
        {
            quiz = BuildQuiz(renderBlocks, renderInlines);
            ReplaceWithMarker(_questions.Select(q => q.Container).ToList(), SegmentKind.Quiz);
        }
        else if (_nodes.Count > 0)
        {
            scenario = BuildScenario(renderBlocks, renderInlines);
            ReplaceWithMarker(_nodes.Select(n => n.Container).ToList(), SegmentKind.Scenario);
        }

        return (quiz, scenario);
    }

    private sealed class QuestionDraft(CustomContainer container, string id, QuestionType type, ContainerArguments args)
    {
        public CustomContainer Container { get; } = container;

        public string Id { get; } = id;

        public QuestionType Type { get; } = type;

        public ContainerArguments Args { get; } = args;

        public ListBlock? List { get; set; }

        public List<(ListItemBlock Item, bool Correct, string? MatchText)> Items { get; } = [];
    }

    private sealed class NodeDraft(CustomContainer container, string id, bool isEnding, string? outcome)
    {
        public CustomContainer Container { get; } = container;

        public string Id { get; } = id;

        public bool IsEnding { get; } = isEnding;

        public string? Outcome { get; } = outcome;

        public string? Region { get; init; }

        public List<ChoiceDraft> Choices { get; } = [];

        public List<AutoRoute> Routes { get; } = [];

        public List<ListBlock> ChoiceLists { get; } = [];
    }

    private sealed record ChoiceDraft(ListItemBlock Item, LinkInline Link, string Target, IReadOnlyList<CompetenceDelta> Deltas, Condition? Condition, SourceLocation Location);

    private void PrepareQuestion(CustomContainer container)
    {
        var args = ContainerArguments.Parse(container.Arguments);
        var id = args.At(0);
        if (id is null || !Slug().IsMatch(id))
        {
            Error(container, $"een vraag heeft een id: '::: vraag mijn-vraag enkelvoudig' (kleine letters, cijfers, streepjes){(id is null ? string.Empty : $"; '{id}' kan niet")}");
            return;
        }

        if (args.At(1) is not { } typeName || !Types.TryGetValue(typeName, out var type))
        {
            Error(container, $"vraag '{id}': onbekend of ontbrekend vraagtype '{args.At(1)}'; kies {string.Join(", ", Types.Keys)}");
            return;
        }

        if (_questions.Any(q => q.Id == id))
        {
            Error(container, $"vraag-id '{id}' komt twee keer voor op deze pagina");
            return;
        }

        var draft = new QuestionDraft(container, id, type, args);
        draft.List = container.OfType<ListBlock>().FirstOrDefault();
        if (draft.List is not null)
        {
            foreach (var item in draft.List.OfType<ListItemBlock>())
            {
                var line = SourceLine(item);
                switch (type)
                {
                    case QuestionType.SingleChoice or QuestionType.MultipleResponse or QuestionType.TrueFalse:
                        if (TaskLine().Match(line) is not { Success: true } task)
                        {
                            Error(item, $"vraag '{id}': schrijf elk antwoord als '- [x] juist antwoord' of '- [ ] fout antwoord'");
                            continue;
                        }

                        RemoveTaskMarker(item);
                        draft.Items.Add((item, task.Groups["mark"].Value is "x" or "X", null));
                        break;
                    case QuestionType.Matching:
                        var text = line.TrimStart(' ', '-', '*', '+');
                        var arrow = text.IndexOf("->", StringComparison.Ordinal) is var a and >= 0 ? (a, 2) : (text.IndexOf('→'), 1);
                        if (arrow.Item1 < 0)
                        {
                            Error(item, $"vraag '{id}': schrijf elk paar als '- links -> rechts'");
                            continue;
                        }

                        draft.Items.Add((item, true, text[(arrow.Item1 + arrow.Item2)..].Trim()));
                        TrimAfterArrow(item);
                        break;
                    default:
                        draft.Items.Add((item, true, null));
                        break;
                }
            }
        }

        _questions.Add(draft);
    }

    private void PrepareNode(CustomContainer container, bool isEnding)
    {
        var args = ContainerArguments.Parse(container.Arguments);
        var id = args.At(0);
        var keyword = isEnding ? EndingKeyword : NodeKeyword;
        if (id is null || !Slug().IsMatch(id))
        {
            Error(container, $"een {keyword} heeft een id: '::: {keyword} mijn-{keyword}' (kleine letters, cijfers, streepjes){(id is null ? string.Empty : $"; '{id}' kan niet")}");
            return;
        }

        var region = args.At(isEnding ? 2 : 1)?.ToLowerInvariant();
        if (region is not null && !RegionCondition.All.Contains(region))
        {
            Error(container, $"'{region}' na '::: {keyword} {id}' niet begrepen; schrijf 'vl' (versie voor Vlaanderen) of 'nl' (versie voor Nederland)");
            return;
        }

        var same = _nodes.Where(n => n.Id == id).ToList();
        var problem = same.Count == 0 ? null
            : region is null
                ? same.Any(n => n.Region is not null)
                    ? $"knoop '{id}' heeft al een versie per regio; een gedeelde versie kan er niet bij"
                    : $"knoop-id '{id}' komt twee keer voor in deze casus"
                : same.Any(n => n.Region is null)
                    ? $"knoop '{id}' is al gedeeld door beide regio's; schrijf ofwel één gedeelde knoop, ofwel een 'vl'- en een 'nl'-versie"
                    : same.Any(n => n.Region == region) ? $"knoop '{id}' heeft al een versie voor regio {region}" : null;
        if (problem is not null)
        {
            Error(container, problem);
            return;
        }

        var draft = new NodeDraft(container, id, isEnding, isEnding ? args.At(1)?.ToLowerInvariant() : null) { Region = region };
        if (!isEnding)
        {
            foreach (var list in container.OfType<ListBlock>().ToList())
            {
                var first = list.OfType<ListItemBlock>().FirstOrDefault();
                if (first is null || !(ChoiceLine().IsMatch(SourceLine(first)) || RouteLine().IsMatch(SourceLine(first))))
                {
                    continue;
                }

                draft.ChoiceLists.Add(list);
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    PrepareChoice(draft, item);
                }
            }
        }

        _nodes.Add(draft);
    }

    private void PrepareChoice(NodeDraft node, ListItemBlock item)
    {
        var line = SourceLine(item);
        var location = Location(item);
        if (RouteLine().Match(line) is { Success: true } route)
        {
            var condition = ConditionParser.Parse(route.Groups["condition"].Value, out var error);
            if (condition is null)
            {
                Error(item, error!);
                return;
            }

            // Like a choice, the route's link names a node, not a page: keep it away from link resolution.
            item.Descendants<LinkInline>().FirstOrDefault()?.Remove();
            node.Routes.Add(new AutoRoute(route.Groups["target"].Value, condition, location));
            return;
        }

        if (ChoiceLine().Match(line) is not { Success: true } choice
            || item.OfType<ParagraphBlock>().FirstOrDefault() is not { Inline.FirstChild: LinkInline link })
        {
            Error(item, "schrijf elke keuze als '- [wat de professional doet](#volgende-knoop)'");
            return;
        }

        var deltas = new List<CompetenceDelta>();
        Condition? when = null;
        foreach (var part in choice.Groups["rest"].Value.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("als ", StringComparison.OrdinalIgnoreCase))
            {
                when = ConditionParser.Parse(part[4..], out var error);
                if (when is null)
                {
                    Error(item, error!);
                }

                continue;
            }

            foreach (var piece in part.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (DeltaPart().Match(piece) is { Success: true } delta)
                {
                    var amount = int.Parse(delta.Groups["delta"].Value.Replace(" ", string.Empty, StringComparison.Ordinal).Replace('−', '-'), System.Globalization.CultureInfo.InvariantCulture);
                    deltas.Add(new CompetenceDelta(delta.Groups["code"].Value.ToUpperInvariant(), amount));
                }
                else
                {
                    Error(item, $"'{piece}' niet begrepen; schrijf scores als 'C4 +2, C5 -1' en voorwaarden als 'als C4 >= 2'");
                }
            }
        }

        // The link is the choice, not a page link: take it out before links are resolved.
        link.Remove();
        node.Choices.Add(new ChoiceDraft(item, link, choice.Groups["target"].Value, deltas, when, location));
    }

    private Quiz BuildQuiz(Func<IEnumerable<Block>, string> renderBlocks, Func<ContainerInline?, string> renderInlines)
    {
        var spec = settings.Quiz;
        var questions = new List<Question>();
        foreach (var draft in _questions)
        {
            var callouts = draft.Container.OfType<CalloutBlock>().ToList();
            var hints = callouts.Where(c => c.Kind == CalloutKind.Tip).Select(c => renderBlocks(c)).ToList();
            var explanation = callouts.Where(c => c.Kind is CalloutKind.Explanation or CalloutKind.Info).Select(c => renderBlocks(c)).ToList();
            var promptBlocks = draft.Container.TakeWhile(b => b != draft.List).Where(b => b is not CalloutBlock).ToList();
            var prompt = renderBlocks(promptBlocks);
            var promptText = string.Join(" ", promptBlocks.OfType<ParagraphBlock>().Select(p => PageMarkdown.PlainText(p.Inline))).Trim();
            if (promptText.Length == 0)
            {
                Error(draft.Container, $"vraag '{draft.Id}' heeft geen vraagtekst");
            }

            var options = new List<QuestionOption>();
            var letter = 'a';
            foreach (var (item, correct, match) in draft.Items)
            {
                var paragraph = item.OfType<ParagraphBlock>().FirstOrDefault();
                var feedback = item.OfType<QuoteBlock>().ToList();
                options.Add(new QuestionOption(
                    Id: letter.ToString(),
                    Html: renderInlines(paragraph?.Inline),
                    Text: PageMarkdown.PlainText(paragraph?.Inline).Trim(),
                    Correct: correct,
                    FeedbackHtml: feedback.Count == 0 ? null : string.Concat(feedback.Select(q => renderBlocks(q))),
                    MatchText: match,
                    Location: Location(item)));
                letter++;
            }

            var competences = draft.Args.Named.TryGetValue("competenties", out var list) || draft.Args.Named.TryGetValue("competentie", out list)
                ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => c.ToUpperInvariant()).ToList()
                : settings.ModuleCompetences.ToList();
            var weight = draft.Args.Named.TryGetValue("gewicht", out var w) && int.TryParse(w, out var parsedWeight) && parsedWeight is > 0 and <= 10 ? parsedWeight : 1;
            var scale = draft.Type == QuestionType.Likert
                ? (options.Count > 0 ? options.Select(o => o.Text).ToList() : DefaultScale.ToList())
                : (IReadOnlyList<string>)[];
            if (draft.Type == QuestionType.Likert)
            {
                options = scale.Select((label, i) => new QuestionOption((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), System.Net.WebUtility.HtmlEncode(label), label, false, null, null, Location(draft.Container))).ToList();
            }

            questions.Add(new Question(draft.Id, draft.Type, prompt, promptText, options, hints,
                explanation.Count == 0 ? null : string.Concat(explanation), competences, weight,
                AskCertainty: draft.Type == QuestionType.Reflection
                    ? draft.Args.Flag("zekerheid")
                    : spec?.CertaintyBasedMarking == true && draft.Type is QuestionType.SingleChoice or QuestionType.MultipleResponse or QuestionType.TrueFalse,
                scale, Location(draft.Container)));
        }

        var pageId = context.SelfUrl.Split('/')[^1];
        var settingsModel = new QuizSettings(
            Id: spec?.Id ?? pageId,
            Title: spec?.Title,
            Feedback: spec?.Feedback ?? FeedbackMode.Immediate,
            TriesPerQuestion: spec?.TriesPerQuestion ?? 1,
            CertaintyBasedMarking: spec?.CertaintyBasedMarking ?? false,
            PassPercent: spec?.PassPercent ?? (spec is null ? null : settings.ModulePassPercent),
            MaxAttempts: spec?.MaxAttempts,
            Shuffle: spec?.Shuffle ?? false,
            Draw: spec?.Draw);
        var quiz = new Quiz(settingsModel, questions);
        AssessmentLinter.LintQuiz(quiz, spec, settings.KnownCompetences, diagnostics);
        return quiz;
    }

    private Scenario BuildScenario(Func<IEnumerable<Block>, string> renderBlocks, Func<ContainerInline?, string> renderInlines)
    {
        var spec = settings.Scenario;
        var nodes = new List<ScenarioNode>();
        foreach (var draft in _nodes)
        {
            var content = draft.Container.Where(b => b is not ListBlock list || !draft.ChoiceLists.Contains(list)).ToList();
            var choices = draft.Choices.Select((c, i) => new Choice(
                // Regional versions of a node get their own choice ids, so records and reports never mix them.
                Id: draft.Region is null ? $"{draft.Id}-{i + 1}" : $"{draft.Id}-{draft.Region}-{i + 1}",
                Html: renderInlines(c.Link),
                Text: PageMarkdown.PlainText(c.Link).Trim(),
                TargetNodeId: c.Target,
                FeedbackHtml: c.Item.OfType<QuoteBlock>().Any() ? string.Concat(c.Item.OfType<QuoteBlock>().Select(q => renderBlocks(q))) : null,
                Deltas: c.Deltas,
                Condition: c.Condition,
                Location: c.Location)).ToList();

            Outcome? fixedOutcome = draft.Outcome switch
            {
                "goed" => Outcome.Good,
                "voldoende" => Outcome.Acceptable,
                "zwak" or "onvoldoende" => Outcome.Poor,
                _ => null,
            };
            var byScore = draft.Outcome == "score";
            if (draft.IsEnding && fixedOutcome is null && !byScore)
            {
                Error(draft.Container, $"einde '{draft.Id}' heeft geen uitkomst: schrijf '::: einde {draft.Id} goed' (of voldoende, zwak, score)");
            }

            nodes.Add(new ScenarioNode(draft.Id, renderBlocks(content), choices, draft.Routes, draft.IsEnding, fixedOutcome, byScore, Location(draft.Container)) { Region = draft.Region });
        }

        var scenario = new Scenario(
            Id: spec?.Id ?? context.SelfUrl.Split('/')[^1],
            Title: spec?.Title,
            StartNodeId: spec?.Start ?? nodes[0].Id,
            AskCertainty: spec?.AskCertainty ?? false,
            Bands: spec?.Bands ?? [],
            Nodes: nodes,
            Location: spec?.Location ?? nodes[0].Location);
        LintPerRegion(scenario, spec);
        return scenario;
    }

    /// <summary>
    /// A case with regional versions is checked once per region, as each learner plays it. A problem in both
    /// versions is reported once; a problem in one version says which.
    /// </summary>
    private void LintPerRegion(Scenario scenario, ScenarioSpec? spec)
    {
        var regional = scenario.Regions.Count > 0 || scenario.Nodes.Any(n => n.Choices.Any(c => RegionCondition.Mentions(c.Condition)));
        if (!regional)
        {
            AssessmentLinter.LintScenario(scenario, spec, settings.KnownCompetences, diagnostics);
            return;
        }

        var perRegion = RegionCondition.All.ToDictionary(r => r, r =>
        {
            var bag = new DiagnosticBag();
            AssessmentLinter.LintScenario(scenario.ForRegion(r), spec, settings.KnownCompetences, bag);
            return bag.Items;
        });
        var all = perRegion.SelectMany(p => p.Value.Select(d => (Region: p.Key, Diagnostic: d))).ToList();
        foreach (var group in all.GroupBy(x => x.Diagnostic))
        {
            var d = group.Key;
            var message = group.Count() == RegionCondition.All.Count ? d.Message
                : $"{d.Message} (in de versie voor {(group.First().Region == RegionCondition.Flanders ? "Vlaanderen" : "Nederland")})";
            if (d.IsError)
            {
                diagnostics.Error(d.Path, d.Line, d.Column, message);
            }
            else
            {
                diagnostics.Warning(d.Path, d.Line, d.Column, message);
            }
        }
    }

    private void ReplaceWithMarker(IReadOnlyList<CustomContainer> containers, SegmentKind kind)
    {
        var first = containers[0];
        var index = parsed.Document.IndexOf(first);
        var between = false;
        foreach (var container in containers)
        {
            var at = parsed.Document.IndexOf(container);
            between |= at > index && parsed.Document.Skip(index).Take(at - index).Any(b => b is not CustomContainer);
            parsed.Document.Remove(container);
        }

        if (between)
        {
            Warning(containers[1], "tekst tussen de blokken wordt onder de toets of casus getoond; zet uitleg liever vóór of na alle blokken");
        }

        parsed.Document.Insert(Math.Min(index, parsed.Document.Count), new SegmentMarkerBlock(kind));
    }

    private string SourceLine(Block block) => block.Line < parsed.Lines.Length ? parsed.Lines[block.Line] : string.Empty;

    private SourceLocation Location(MarkdownObject node)
    {
        var (line, column) = PageMarkdown.Position(parsed, node);
        return new SourceLocation(context.RelPath, line, column);
    }

    private void Error(MarkdownObject node, string message)
    {
        var (line, column) = PageMarkdown.Position(parsed, node);
        diagnostics.Error(context.RelPath, line, column, message);
    }

    private void Warning(MarkdownObject node, string message)
    {
        var (line, column) = PageMarkdown.Position(parsed, node);
        diagnostics.Warning(context.RelPath, line, column, message);
    }

    private static void RemoveTaskMarker(ListItemBlock item)
    {
        if (item.OfType<ParagraphBlock>().FirstOrDefault()?.Inline is { } inlines)
        {
            inlines.Descendants<TaskList>().FirstOrDefault()?.Remove();
            if (inlines.FirstChild is LiteralInline literal)
            {
                literal.Content = new Markdig.Helpers.StringSlice(literal.Content.ToString().TrimStart());
            }
        }
    }

    private static void TrimAfterArrow(ListItemBlock item)
    {
        // Keep only the left side ("links -> rechts") as the option's own text.
        if (item.OfType<ParagraphBlock>().FirstOrDefault()?.Inline is not { } inlines)
        {
            return;
        }

        var cut = false;
        foreach (var inline in inlines.Descendants<LiteralInline>().ToList())
        {
            if (cut)
            {
                inline.Remove();
                continue;
            }

            var text = inline.Content.ToString();
            var at = text.IndexOf("->", StringComparison.Ordinal) is var a and >= 0 ? a : text.IndexOf('→');
            if (at >= 0)
            {
                inline.Content = new Markdig.Helpers.StringSlice(text[..at].TrimEnd());
                cut = true;
            }
        }
    }
}

/// <summary>Where on a page the interactive part goes.</summary>
public enum SegmentKind
{
    Html,
    Quiz,
    Scenario,
}

/// <summary>Placeholder left in the Markdown tree where the quiz or case is shown.</summary>
internal sealed class SegmentMarkerBlock(SegmentKind kind) : LeafBlock(null)
{
    public SegmentKind Kind { get; } = kind;

    public static string Marker(SegmentKind kind) => $"<!--lp-segment:{kind}-->";
}
