using Leerplatform.Core.Content;

namespace Leerplatform.Core.Assessment;

/// <summary>
/// Checks a quiz or a case for the mistakes trainers make most: each rule reports at the line to change.
/// Part of <c>check</c>, so CI and the trainer's editor see the same messages.
/// </summary>
public static class AssessmentLinter
{
    public static void LintQuiz(Quiz quiz, QuizSpec? spec, IReadOnlySet<string> knownCodes, DiagnosticBag diagnostics)
    {
        foreach (var question in quiz.Questions)
        {
            void Error(SourceLocation at, string message) => diagnostics.Error(at.Path, at.Line, at.Column, message);
            void Warning(SourceLocation at, string message) => diagnostics.Warning(at.Path, at.Line, at.Column, message);

            foreach (var code in question.Competences.Where(c => !knownCodes.Contains(c)))
            {
                Error(question.Location, $"vraag '{question.Id}': onbekende competentiecode '{code}'");
            }

            switch (question.Type)
            {
                case QuestionType.SingleChoice or QuestionType.MultipleResponse or QuestionType.TrueFalse:
                    var correct = question.Options.Count(o => o.Correct);
                    if (question.Options.Count < 2)
                    {
                        Error(question.Location, $"vraag '{question.Id}' heeft minstens twee antwoorden nodig");
                    }
                    else if (correct == 0)
                    {
                        Error(question.Location, $"vraag '{question.Id}' heeft geen juist antwoord: markeer het met '- [x]'");
                    }
                    else if (question.Type != QuestionType.MultipleResponse && correct > 1)
                    {
                        Error(question.Location, $"vraag '{question.Id}' ({(question.Type == QuestionType.TrueFalse ? "juist-onjuist" : "enkelvoudig")}) heeft precies één juist antwoord, niet {correct}; gebruik 'meervoudig' voor meer");
                    }

                    if (question.Type == QuestionType.TrueFalse && question.Options.Count != 2)
                    {
                        Error(question.Location, $"vraag '{question.Id}' (juist-onjuist) heeft precies twee antwoorden: '- [x] Juist' en '- [ ] Onjuist' (of omgekeerd)");
                    }

                    foreach (var option in question.Options.Where(o => o.FeedbackHtml is null))
                    {
                        Warning(option.Location, $"antwoord '{Shorten(option.Text)}' heeft geen feedback: zet een regel '> uitleg' eronder, ingesprongen");
                    }

                    break;
                case QuestionType.Ordering:
                    if (question.Options.Count < 2)
                    {
                        Error(question.Location, $"vraag '{question.Id}' (volgorde) heeft minstens twee stappen nodig, in de juiste volgorde");
                    }

                    break;
                case QuestionType.Matching:
                    if (question.Options.Count < 2)
                    {
                        Error(question.Location, $"vraag '{question.Id}' (koppelen) heeft minstens twee paren nodig: '- links -> rechts'");
                    }

                    break;
                case QuestionType.Likert:
                    if (question.Competences.Count != 1)
                    {
                        Error(question.Location, $"vraag '{question.Id}' (likert) is een zelfinschatting van precies één competentie: schrijf 'competentie=C1'");
                    }

                    break;
            }

            if (question.IsGraded && question.Type is QuestionType.Ordering or QuestionType.Matching && question.ExplanationHtml is null)
            {
                Warning(question.Location, $"vraag '{question.Id}' heeft geen uitleg: voeg een kader '> [!UITLEG]' toe");
            }
        }

        var settings = quiz.Settings;
        var at = spec?.Location ?? quiz.Questions[0].Location;
        if (settings.CertaintyBasedMarking && settings.Feedback == FeedbackMode.Interactive)
        {
            diagnostics.Error(at.Path, at.Line, at.Column,
                "'zekerheid: ja' kan niet samen met 'feedback: interactief' (zoals in Moodle): kies direct of achteraf");
        }
        if (settings.Draw is { } draw && draw > quiz.Questions.Count)
        {
            var location = spec?.DrawLocation ?? at;
            diagnostics.Error(location.Path, location.Line, location.Column,
                $"'trekken: {draw}' kan niet: de toets heeft maar {quiz.Questions.Count} vragen");
        }

        if (settings.PassPercent is { } pass)
        {
            var location = spec?.PassLocation ?? at;
            if (!quiz.Graded.Any())
            {
                diagnostics.Error(location.Path, location.Line, location.Column,
                    $"slaaggrens {pass}% is onhaalbaar: de toets heeft geen vragen die punten opleveren (likert en reflectie tellen niet)");
            }
            else if (settings.Draw is { } drawn && quiz.Questions.Count(q => !q.IsGraded) >= drawn)
            {
                diagnostics.Error(location.Path, location.Line, location.Column,
                    $"slaaggrens {pass}% kan onhaalbaar zijn: een trekking van {drawn} vragen kan alleen vragen zonder punten bevatten");
            }
        }
    }

    public static void LintScenario(Scenario scenario, ScenarioSpec? spec, IReadOnlySet<string> knownCodes, DiagnosticBag diagnostics)
    {
        void Error(SourceLocation at, string message) => diagnostics.Error(at.Path, at.Line, at.Column, message);
        void Warning(SourceLocation at, string message) => diagnostics.Warning(at.Path, at.Line, at.Column, message);

        var ids = scenario.Nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        if (!ids.Contains(scenario.StartNodeId))
        {
            Error(spec?.Location ?? scenario.Location, $"startknoop '{scenario.StartNodeId}' bestaat niet");
        }

        if (!scenario.Nodes.Any(n => n.IsEnding))
        {
            Error(scenario.Location, "de casus heeft geen einde: voeg minstens één '::: einde <id> goed' toe");
        }

        foreach (var node in scenario.Nodes)
        {
            if (!node.IsEnding && node.Choices.Count == 0 && node.Routes.Count == 0)
            {
                Error(node.Location, $"knoop '{node.Id}' loopt dood: geen keuzes en geen einde (maak er '::: einde' van of voeg keuzes toe)");
            }

            if (node.OutcomeByScore && scenario.Bands.Count == 0)
            {
                Error(node.Location, $"einde '{node.Id}' gebruikt 'score', maar de front matter heeft geen 'banden:' (bv. goed: 4, voldoende: 1)");
            }

            if (!node.IsEnding && node.Choices.Count > 0 && node.Choices.All(c => c.Condition is not null) && node.Routes.Count == 0)
            {
                Warning(node.Location, $"alle keuzes in knoop '{node.Id}' hebben een voorwaarde; als er geen enkele geldt, kan de leerling niet verder");
            }

            foreach (var choice in node.Choices)
            {
                if (!ids.Contains(choice.TargetNodeId))
                {
                    Error(choice.Location, $"keuze '{Shorten(choice.Text)}' verwijst naar knoop '#{choice.TargetNodeId}', die niet bestaat");
                }

                if (choice.FeedbackHtml is null)
                {
                    Warning(choice.Location, $"keuze '{Shorten(choice.Text)}' heeft geen feedback: zet een regel '> uitleg' eronder, ingesprongen");
                }

                foreach (var code in choice.Deltas.Select(d => d.Code).Concat(choice.Condition?.Codes ?? []).Where(c => !knownCodes.Contains(c)).Distinct())
                {
                    Error(choice.Location, $"onbekende competentiecode '{code}'");
                }

                foreach (var nodeId in (choice.Condition?.NodeIds ?? []).Where(n => !ids.Contains(n)))
                {
                    Error(choice.Location, $"voorwaarde verwijst naar knoop '{nodeId}', die niet bestaat");
                }
            }

            foreach (var route in node.Routes)
            {
                if (!ids.Contains(route.TargetNodeId))
                {
                    Error(route.Location, $"automatische stap verwijst naar knoop '#{route.TargetNodeId}', die niet bestaat");
                }

                foreach (var code in route.Condition.Codes.Where(c => !knownCodes.Contains(c)))
                {
                    Error(route.Location, $"onbekende competentiecode '{code}'");
                }

                foreach (var nodeId in route.Condition.NodeIds.Where(n => !ids.Contains(n)))
                {
                    Error(route.Location, $"voorwaarde verwijst naar knoop '{nodeId}', die niet bestaat");
                }
            }
        }

        // With a wrong start node, check the rest from the first node, so one typo does not hide other problems.
        var start = ids.Contains(scenario.StartNodeId) ? scenario.StartNodeId : scenario.Nodes[0].Id;
        var reachable = Reachable(scenario, [start], forward: true);
        foreach (var node in scenario.Nodes.Where(n => !reachable.Contains(n.Id)))
        {
            Warning(node.Location, $"knoop '{node.Id}' is onbereikbaar: geen enkele keuze leidt ernaartoe");
        }

        // A node from which no ending can ever be reached traps the learner (a loop with no way out).
        var canFinish = Reachable(scenario, scenario.Nodes.Where(n => n.IsEnding).Select(n => n.Id), forward: false);
        foreach (var node in scenario.Nodes.Where(n => reachable.Contains(n.Id) && !canFinish.Contains(n.Id) && !n.IsEnding))
        {
            if (node.Choices.Count > 0 || node.Routes.Count > 0)
            {
                Error(node.Location, $"vanaf knoop '{node.Id}' kan de casus nooit eindigen: een lus zonder uitweg");
            }
        }
    }

    private static HashSet<string> Reachable(Scenario scenario, IEnumerable<string> from, bool forward)
    {
        var edges = scenario.Nodes.SelectMany(n => n.Choices.Select(c => (From: n.Id, To: c.TargetNodeId))
            .Concat(n.Routes.Select(r => (From: n.Id, To: r.TargetNodeId)))).ToList();
        var seen = new HashSet<string>(from, StringComparer.Ordinal);
        var queue = new Queue<string>(seen);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            foreach (var (a, b) in edges)
            {
                var (source, target) = forward ? (a, b) : (b, a);
                if (source == current && seen.Add(target))
                {
                    queue.Enqueue(target);
                }
            }
        }

        return seen;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
