using Leerplatform.Core.Assessment;

namespace Leerplatform.Tests.Assessment;

public sealed class ScenarioEngineTests
{
    private static Scenario Scenario => AssessmentFixture.Scenario;

    [Fact]
    public void ADecisionMovesSeveralCompetencesAndShowsItsFeedbackBeforeMovingOn()
    {
        var state = ScenarioEngine.Start(Scenario);

        state = ScenarioEngine.Choose(Scenario, state, "begin-2", certainty: 2, reason: "Sneller.");

        Assert.Equal("begin", state.CurrentNodeId);
        Assert.Equal("begin-2", state.PendingStep!.ChoiceId);
        Assert.Equal(-2, state.Scores["C4"]);
        Assert.Equal(1, state.Scores["C5"]);
        Assert.Empty(ScenarioEngine.AvailableChoices(Scenario, state));
        Assert.Throws<AssessmentException>(() => ScenarioEngine.Choose(Scenario, state, "begin-1", 1, "x"));
    }

    [Fact]
    public void AnAutomaticRouteMovesOnWhenItsConditionHolds()
    {
        var state = ScenarioEngine.Start(Scenario);
        state = ScenarioEngine.Choose(Scenario, state, "begin-2", 2, "Sneller.");

        state = ScenarioEngine.Continue(Scenario, state);

        // "zoon" routes on to "tolk" automatically because C4 < 0.
        Assert.Equal("tolk", state.CurrentNodeId);
        Assert.Equal(["begin", "zoon", "tolk"], state.Visited);
    }

    [Fact]
    public void ConditionsShowOrHideChoices()
    {
        var direct = ScenarioEngine.Continue(Scenario, ScenarioEngine.Choose(Scenario, ScenarioEngine.Start(Scenario), "begin-1", 3, "Norm."));
        var viaSon = ScenarioEngine.Continue(Scenario, ScenarioEngine.Choose(Scenario, ScenarioEngine.Start(Scenario), "begin-2", 1, "Sneller."));

        Assert.Equal(["tolk-1", "tolk-2"], ScenarioEngine.AvailableChoices(Scenario, direct).Select(c => c.Id));
        Assert.Equal(["tolk-1", "tolk-2", "tolk-3"], ScenarioEngine.AvailableChoices(Scenario, viaSon).Select(c => c.Id));
    }

    [Fact]
    public void AnEndingByScoreTakesTheBandOfTheTotal()
    {
        var state = Play(("begin-1", 3), ("tolk-1", 3));

        Assert.True(state.Finished);
        Assert.Equal("slot", state.CurrentNodeId);
        Assert.Equal(4, state.Scores.Values.Sum());
        Assert.Equal(Outcome.Good, state.Outcome);
    }

    [Fact]
    public void ALowTotalEndsInTheLowerBand()
    {
        var state = Play(("begin-2", 1), ("tolk-3", 1), ("tolk-opnieuw-1", 1));

        Assert.Equal(0, state.Scores.Values.Sum());
        Assert.Equal(Outcome.Acceptable, state.Outcome);
        Assert.Equal(3, state.Path.Count);
    }

    [Fact]
    public void AFixedEndingKeepsItsOutcome()
    {
        var state = Play(("begin-1", 3), ("tolk-2", 2));

        Assert.Equal("slot-zwak", state.CurrentNodeId);
        Assert.Equal(Outcome.Poor, state.Outcome);
        Assert.Throws<AssessmentException>(() => ScenarioEngine.Choose(Scenario, state, "tolk-1", 1, "x"));
    }

    [Fact]
    public void CertaintyAndAReasonAreRequiredWhenTheCaseAsksForThem()
    {
        var state = ScenarioEngine.Start(Scenario);

        Assert.Contains("zeker", Assert.Throws<AssessmentException>(() => ScenarioEngine.Choose(Scenario, state, "begin-1", null, "reden")).Message);
        Assert.Contains("waarom", Assert.Throws<AssessmentException>(() => ScenarioEngine.Choose(Scenario, state, "begin-1", 2, " ")).Message);
        Assert.Contains("niet mogelijk", Assert.Throws<AssessmentException>(() => ScenarioEngine.Choose(Scenario, state, "tolk-1", 2, "x")).Message);
    }

    private static ScenarioRunState Play(params (string Choice, int Certainty)[] steps)
    {
        var state = ScenarioEngine.Start(Scenario);
        foreach (var (choice, certainty) in steps)
        {
            state = ScenarioEngine.Continue(Scenario, ScenarioEngine.Choose(Scenario, state, choice, certainty, "Omdat het past."));
        }

        return state;
    }
}
