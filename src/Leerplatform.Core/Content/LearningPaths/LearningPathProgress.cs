namespace Leerplatform.Core.Content.LearningPaths;

/// <summary>Where a learner stands on one step; shown in words and with an icon, never by colour alone.</summary>
public enum StepStatus
{
    NotStarted,
    InProgress,
    Done,
}

/// <summary>One step with the learner's status.</summary>
public sealed record StepProgress(PathStep Step, StepStatus Status);

/// <summary>A learner's progress on a path: done steps out of all steps, and the first step not done.</summary>
public sealed record PathProgress(LearningPath Path, IReadOnlyList<StepProgress> Steps)
{
    public int Done => Steps.Count(s => s.Status == StepStatus.Done);

    public int Total => Steps.Count;

    public int Percent => Total == 0 ? 0 : (int)Math.Round(100.0 * Done / Total);

    /// <summary>The first step that is not done (order counts, even when a later step is done); null when all are.</summary>
    public StepProgress? Next => Steps.FirstOrDefault(s => s.Status != StepStatus.Done);

    public bool IsStarted => Steps.Any(s => s.Status != StepStatus.NotStarted);

    public bool IsFinished => Total > 0 && Done == Total;

    /// <summary>
    /// Pure: a module step is done when the learner masters the module by its own rule (passed in by the caller,
    /// who knows the records), in progress when started; an assignment step is done once handed in.
    /// </summary>
    public static PathProgress Compute(LearningPath path, Func<string, StepStatus> moduleStatus, IReadOnlySet<string> submittedAssignments) =>
        new(path, path.Steps.Select(step => new StepProgress(step, step.Kind switch
        {
            PathStepKind.Module => moduleStatus(step.Ref),
            _ => submittedAssignments.Contains(step.Ref) ? StepStatus.Done : StepStatus.NotStarted,
        })).ToList());
}
