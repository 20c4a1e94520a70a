using Leerplatform.Core.Content;
using Leerplatform.Core.Content.LearningPaths;

namespace Leerplatform.Tests.LearningPaths;

/// <summary>Progress on a path: done steps of all steps, and the next step is the first one not done.</summary>
public sealed class LearningPathProgressTests
{
    private static readonly LearningPath Path = new("pad", "Pad", "Samenvatting", [Audience.Manager], 60, string.Empty,
    [
        new PathStep(1, PathStepKind.Module, "m2", null),
        new PathStep(2, PathStepKind.Assignment, "scan", new PathAssignment("scan", "Scan", 30, [], "<p>Doe de scan.</p>", "x.md")),
        new PathStep(3, PathStepKind.Module, "m9", null),
        new PathStep(4, PathStepKind.Assignment, "register", new PathAssignment("register", "Register", 30, [], "<p>Maak een register.</p>", "y.md")),
    ], "leerlijn.md");

    private static PathProgress Compute(Dictionary<string, StepStatus> modules, params string[] submitted) =>
        PathProgress.Compute(Path, id => modules.GetValueOrDefault(id, StepStatus.NotStarted), submitted.ToHashSet());

    [Fact]
    public void NothingDoneIsZeroOfAllStepsWithTheFirstStepNext()
    {
        var progress = Compute([]);

        Assert.Equal((0, 4, 0), (progress.Done, progress.Total, progress.Percent));
        Assert.Equal(1, progress.Next!.Step.Number);
        Assert.False(progress.IsStarted);
        Assert.False(progress.IsFinished);
        Assert.All(progress.Steps, s => Assert.Equal(StepStatus.NotStarted, s.Status));
    }

    [Fact]
    public void AMasteredModuleAndAHandInAreTwoStepsDoneAndTheNextStepMovesOn()
    {
        var progress = Compute(new() { ["m2"] = StepStatus.Done }, "scan");

        Assert.Equal((2, 4, 50), (progress.Done, progress.Total, progress.Percent));
        Assert.Equal(("m9", 3), (progress.Next!.Step.Ref, progress.Next.Step.Number));
        Assert.True(progress.IsStarted);
    }

    [Fact]
    public void AStartedModuleIsInProgressNotDone()
    {
        var progress = Compute(new() { ["m2"] = StepStatus.InProgress });

        Assert.Equal(0, progress.Done);
        Assert.Equal(StepStatus.InProgress, progress.Steps[0].Status);
        Assert.Equal(1, progress.Next!.Step.Number);
        Assert.True(progress.IsStarted);
    }

    [Fact]
    public void OrderCountsTheNextStepIsTheFirstNotDoneEvenWhenALaterOneIsDone()
    {
        var progress = Compute(new() { ["m9"] = StepStatus.Done }, "register");

        Assert.Equal(2, progress.Done);
        Assert.Equal(1, progress.Next!.Step.Number);
    }

    [Fact]
    public void AHandInOfAnotherPathOrAnUnknownAssignmentCountsForNothing()
    {
        var progress = Compute([], "iets-anders");

        Assert.Equal(0, progress.Done);
    }

    [Fact]
    public void AllStepsDoneHasNoNextStepAndIsFinished()
    {
        var progress = Compute(new() { ["m2"] = StepStatus.Done, ["m9"] = StepStatus.Done }, "scan", "register");

        Assert.Equal((4, 4, 100), (progress.Done, progress.Total, progress.Percent));
        Assert.Null(progress.Next);
        Assert.True(progress.IsFinished);
    }
}
