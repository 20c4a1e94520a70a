using System.Text.Json;
using System.Text.RegularExpressions;
using Leerplatform.Core.Assessment;
using Leerplatform.Core.Content;
using Leerplatform.Core.Xapi;
using Leerplatform.Testing;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services.Xapi;

namespace Leerplatform.Tests.Xapi;

/// <summary>
/// The profile (docs/xapi-profile.md) as golden files: one statement per event type, built for the assessment
/// fixture module with a fixed learner, registration and clock. Every one must be valid 1.0.3 and 2.0.0.
/// Statement ids are random per event and replaced by a placeholder in the golden text.
/// </summary>
public sealed partial class LearningStatementsGoldenTests
{
    private static readonly DateTime Now = new(2026, 11, 30, 10, 15, 0, DateTimeKind.Utc);
    private static readonly Guid Registration = Guid.Parse("ec531277-b57b-4c15-8d91-d292c5b2b8f7");
    private static readonly XapiLearner Learner = new("5e0c1f7a9d8b4c2e8f1a3b5c7d9e0f12", "Sam Peeters", "org-1", Forward: true);
    private static readonly XapiLearner Trainer = new("9b2d4f6a8c0e4a1b9d3f5a7c9e1b3d5f", "Noor El Amrani", "org-1", Forward: false);
    private static readonly LearningStatements Statements = new(new XapiOptions());

    public static TheoryData<string> Events() => new(Build().Keys);

    private static Dictionary<string, Statement> Build()
    {
        var module = ContentLoader.Load(Path.Combine(TestPaths.ContentFixtures, "assessment-valid")).FindModule("toets-module")!;
        var quiz = module.FindPage("kennischeck")!.Quiz!;
        var question = quiz.Questions[0];
        var wrong = question.Options.First(o => !o.Correct);
        var scenario = module.FindPage("casus")!.Scenario!;
        var node = scenario.FindNode(scenario.StartNodeId)!;
        var choice = node.Choices[0];
        var step = new ScenarioStep(node.Id, choice.Id, choice.TargetNodeId, choice.Deltas, 2, "Omdat het past.");
        var ended = ScenarioEngine.Start(scenario) with { Finished = true, Outcome = Outcome.Good, Scores = new Dictionary<string, int> { ["C4"] = 2, ["C5"] = 2 } };
        return new Dictionary<string, Statement>(StringComparer.Ordinal)
        {
            ["launched"] = Statements.ModuleEvent(Learner, module, Registration, LearningStatements.Verbs.Launched, Now),
            ["page-experienced"] = Statements.PageExperienced(Learner, module, module.Pages[0], Registration, Now),
            ["progressed"] = Statements.Progressed(Learner, module, Registration, 40, Now),
            ["question-answered"] = Statements.QuestionAnswered(Learner, module, quiz, question,
                new ItemState(new ItemResponse([wrong.Id]), 1, true, true, 0, 1, false), Registration, TimeSpan.FromSeconds(12.5), Now),
            ["quiz-failed"] = Statements.QuizFinished(Learner, module, quiz, new QuizResult(1, 2, 50, false, 2, 2), Registration, TimeSpan.FromMinutes(4), Now),
            ["decision"] = Statements.Decision(Learner, module, scenario, node, step, Registration, Now),
            ["case-completed"] = Statements.ScenarioFinished(Learner, module, scenario, ended, Registration, Now),
            ["module-completed"] = Statements.ModuleEvent(Learner, module, Registration, LearningStatements.Verbs.Completed, Now,
                new Result { Completion = true, Duration = XapiDuration.FromTimeSpan(TimeSpan.FromMinutes(35)) }),
            ["level-changed"] = Statements.LevelChanged(Learner, "C4", "Werken met tolken", 1, 2, Now),
            ["review-scored"] = Statements.Reviewed(Trainer, Learner, module,
                Statements.ReflectionActivities(module, module.FindPage("oefenen")!.Quiz!, module.FindPage("oefenen")!.Quiz!.FindQuestion("terugblik")!),
                "Sterk: je laat de cliënt zelf kiezen.", "C4", "Werken met tolken", 2, Now),
        };
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void EachEventGivesTheDocumentedStatement(string name)
    {
        var statement = Build()[name];
        var json = XapiJsonWriter.ToJson(statement);
        using var document = JsonDocument.Parse(json);
        Assert.Empty(StatementValidator.Validate(document.RootElement, XapiVersion.V1_0_3));
        Assert.Empty(StatementValidator.Validate(document.RootElement, XapiVersion.V2_0_0));

        using var pretty = new MemoryStream();
        using (var writer = new Utf8JsonWriter(pretty, new JsonWriterOptions { Indented = true, Encoder = XapiJsonWriter.WriterOptions.Encoder }))
        {
            document.RootElement.WriteTo(writer);
        }

        var text = StatementId().Replace(System.Text.Encoding.UTF8.GetString(pretty.ToArray()), "\"id\": \"<statement id>\"");
        Golden.AssertMatches(Path.Combine("..", "xapi", "profile", name + ".json"), text.Replace("\r\n", "\n") + "\n");
    }

    /// <summary>The statement's own id: the only "id" indented by exactly two spaces.</summary>
    [GeneratedRegex("(?<=^  )\"id\": \"[0-9a-f-]{36}\"", RegexOptions.Multiline)]
    private static partial Regex StatementId();
}
