namespace Leerplatform.Core.Assessment;

/// <summary>
/// One play-through of a case, stored after every decision. While <see cref="PendingStep"/> is set, the
/// learner is reading the feedback on that decision; "verder" moves on to its target.
/// </summary>
public sealed record ScenarioRunState(
    string ScenarioId,
    string CurrentNodeId,
    IReadOnlyList<ScenarioStep> Path,
    IReadOnlyDictionary<string, int> Scores,
    IReadOnlyList<string> Visited,
    ScenarioStep? PendingStep,
    bool Finished,
    Outcome? Outcome)
{
    /// <summary>The region whose version of the case this run plays ("vl", "nl"); kept for the whole run.</summary>
    public string? Region { get; init; }
}

/// <summary>A decision taken: where, which choice, what it changed, and the learner's certainty and reason if asked.</summary>
public sealed record ScenarioStep(string NodeId, string ChoiceId, string TargetNodeId, IReadOnlyList<CompetenceDelta> Deltas, int? Certainty, string? Reason);

/// <summary>The rules of a case as pure functions: available choices, decisions, automatic routes, endings.</summary>
public static class ScenarioEngine
{
    /// <summary>Guards against authors' automatic routes that point at each other.</summary>
    private const int MaxAutomaticSteps = 50;

    public static ScenarioRunState Start(Scenario scenario)
    {
        var state = new ScenarioRunState(scenario.Id, scenario.StartNodeId, [], new Dictionary<string, int>(StringComparer.Ordinal),
            [scenario.StartNodeId], PendingStep: null, Finished: false, Outcome: null) { Region = scenario.Region };
        return Enter(scenario, state, scenario.StartNodeId);
    }

    /// <summary>Choices whose condition holds on the path so far, in the author's order.</summary>
    public static IReadOnlyList<Choice> AvailableChoices(Scenario scenario, ScenarioRunState state)
    {
        if (state.Finished || state.PendingStep is not null || scenario.FindNode(state.CurrentNodeId) is not { } node)
        {
            return [];
        }

        var visited = state.Visited.ToHashSet(StringComparer.Ordinal);
        return node.Choices.Where(c => c.Condition is null || c.Condition.Holds(state.Scores, visited)).ToList();
    }

    public static ScenarioRunState Choose(Scenario scenario, ScenarioRunState state, string choiceId, int? certainty, string? reason)
    {
        if (state.Finished)
        {
            throw new AssessmentException("CaseFinished", "deze casus is al afgerond");
        }

        if (state.PendingStep is not null)
        {
            throw new AssessmentException("ContinueFirst", "lees eerst de feedback en ga verder");
        }

        var choice = AvailableChoices(scenario, state).FirstOrDefault(c => c.Id == choiceId)
                     ?? throw new AssessmentException("ChoiceNotAvailable", "deze keuze is hier niet mogelijk");
        if (scenario.AskCertainty)
        {
            if (certainty is not (1 or 2 or 3))
            {
                throw new AssessmentException("CertaintyMissing", "geef aan hoe zeker je bent (1, 2 of 3)");
            }

            if (string.IsNullOrWhiteSpace(reason))
            {
                throw new AssessmentException("ReasonMissing", "schrijf kort waarom je deze keuze maakt");
            }
        }

        if (reason is { Length: > 1000 })
        {
            throw new AssessmentException("ReasonTooLong", "je reden is te lang (maximaal 1000 tekens)");
        }

        var scores = new Dictionary<string, int>(state.Scores, StringComparer.Ordinal);
        foreach (var delta in choice.Deltas)
        {
            scores[delta.Code] = scores.GetValueOrDefault(delta.Code) + delta.Delta;
        }

        var step = new ScenarioStep(state.CurrentNodeId, choice.Id, choice.TargetNodeId, choice.Deltas, certainty,
            string.IsNullOrWhiteSpace(reason) ? null : reason.Trim());
        return state with { Path = [.. state.Path, step], Scores = scores, PendingStep = step };
    }

    /// <summary>After the feedback: go to the chosen node (and on through automatic routes).</summary>
    public static ScenarioRunState Continue(Scenario scenario, ScenarioRunState state)
    {
        if (state.PendingStep is not { } step)
        {
            throw new AssessmentException("NothingToContinue", "er is geen keuze om mee verder te gaan");
        }

        return Enter(scenario, state with { PendingStep = null }, step.TargetNodeId);
    }

    /// <summary>The outcome of an ending: fixed by the author, or by the score band the total falls in.</summary>
    public static Outcome OutcomeOf(Scenario scenario, ScenarioNode ending, IReadOnlyDictionary<string, int> scores)
    {
        if (ending.FixedOutcome is { } fixedOutcome)
        {
            return fixedOutcome;
        }

        var total = scores.Values.Sum();
        return scenario.Bands.OrderByDescending(b => b.MinimumTotal).FirstOrDefault(b => total >= b.MinimumTotal)?.Outcome ?? Outcome.Poor;
    }

    private static ScenarioRunState Enter(Scenario scenario, ScenarioRunState state, string nodeId)
    {
        var visited = state.Visited.ToList();
        for (var hop = 0; ; hop++)
        {
            if (!visited.Contains(nodeId))
            {
                visited.Add(nodeId);
            }

            var node = scenario.FindNode(nodeId) ?? throw new AssessmentException("NodeNotFound", $"knoop '{nodeId}' bestaat niet");
            if (node.IsEnding)
            {
                return state with { CurrentNodeId = nodeId, Visited = visited, Finished = true, Outcome = OutcomeOf(scenario, node, state.Scores) };
            }

            var seen = visited.ToHashSet(StringComparer.Ordinal);
            var route = node.Routes.FirstOrDefault(r => r.Condition.Holds(state.Scores, seen));
            if (route is null || hop >= MaxAutomaticSteps)
            {
                return state with { CurrentNodeId = nodeId, Visited = visited };
            }

            nodeId = route.TargetNodeId;
        }
    }
}
