namespace Leerplatform.Web.Components.Assessment;

/// <summary>What a learner submits at a situation of a case: the choice, how sure they are, and why.</summary>
public sealed record ScenarioChoice(string ChoiceId, int? Certainty, string? Reason);
