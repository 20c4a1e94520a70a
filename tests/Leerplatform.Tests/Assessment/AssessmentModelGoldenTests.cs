using System.Text;
using Leerplatform.Core.Assessment;
using Leerplatform.Tests.Support;

namespace Leerplatform.Tests.Assessment;

/// <summary>The parsed quiz and case of the valid fixture, written out as text and pinned in a golden file.</summary>
public sealed class AssessmentModelGoldenTests
{
    [Fact]
    public void TheValidFixtureParsesToTheGoldenModel()
    {
        var text = new StringBuilder();
        var quiz = AssessmentFixture.Quiz;
        var s = quiz.Settings;
        text.AppendLine($"quiz {s.Id} '{s.Title}' feedback={s.Feedback} tries={s.TriesPerQuestion} cbm={s.CertaintyBasedMarking} pass={s.PassPercent} attempts={s.MaxAttempts} shuffle={s.Shuffle} draw={s.Draw}");
        foreach (var q in quiz.Questions)
        {
            text.AppendLine($"  question {q.Id} {q.Type} weight={q.Weight} graded={q.IsGraded} certainty={q.AskCertainty} competences=[{string.Join(",", q.Competences)}] hints={q.HintsHtml.Count} explanation={q.ExplanationHtml is not null} at {q.Location.Line}:{q.Location.Column}");
            text.AppendLine($"    prompt: {q.PromptText}");
            text.AppendLine($"    prompt html: {q.PromptHtml.Trim()}");
            foreach (var o in q.Options)
            {
                text.AppendLine($"    option {o.Id} correct={o.Correct} text='{o.Text}' html='{o.Html}' match='{o.MatchText}' feedback={o.FeedbackHtml?.Trim()}");
            }
        }

        var scenario = AssessmentFixture.Scenario;
        text.AppendLine($"scenario {scenario.Id} start={scenario.StartNodeId} certainty={scenario.AskCertainty} bands=[{string.Join(", ", scenario.Bands.Select(b => $"{b.Outcome}>={b.MinimumTotal}"))}]");
        foreach (var node in scenario.Nodes)
        {
            text.AppendLine($"  node {node.Id} ending={node.IsEnding} outcome={node.FixedOutcome} byScore={node.OutcomeByScore} at {node.Location.Line}:{node.Location.Column}");
            text.AppendLine($"    html: {node.Html.Trim().Replace("\n", " ", StringComparison.Ordinal)}");
            foreach (var c in node.Choices)
            {
                text.AppendLine($"    choice {c.Id} -> {c.TargetNodeId} '{c.Text}' deltas=[{string.Join(", ", c.Deltas.Select(d => $"{d.Code}{d.Delta:+0;-0}"))}] when={c.Condition} feedback={c.FeedbackHtml?.Trim()}");
            }

            foreach (var r in node.Routes)
            {
                text.AppendLine($"    route -> {r.TargetNodeId} when={r.Condition}");
            }
        }

        var page = AssessmentFixture.Module.FindPage("toets")!;
        text.AppendLine($"quiz page segments: {string.Join(", ", page.Segments.Select(x => x.Kind))}");
        text.AppendLine($"quiz page html: {page.Html.Trim().Replace("\n", " ", StringComparison.Ordinal)}");

        Golden.AssertMatches("assessment-valid.model.txt", text.ToString());
    }
}
