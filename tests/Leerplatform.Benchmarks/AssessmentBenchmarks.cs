using BenchmarkDotNet.Attributes;
using Leerplatform.Core.Assessment;
using Leerplatform.Core.Content;
using Leerplatform.Data.Entities;
using Leerplatform.Testing;
using Leerplatform.Web.Services;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Benchmarks;

/// <summary>
/// Server cost of one answer and one case decision: the pure state transition, and the whole service call
/// (load attempt, transition, save attempt + response log + progress in one SQLite transaction).
/// Target (issue 3): well under 5 ms per answer and per scenario step.
/// </summary>
[Config(typeof(InProcessConfig))]
public class AssessmentBenchmarks
{
    private TempDirectory? _temp;
    private WebApplicationFactory<Program>? _factory;
    private AssessmentService _service = default!;
    private LearningModule _module = default!;
    private ModulePage _quizPage = default!;
    private ModulePage _casePage = default!;
    private string _userId = string.Empty;
    private Guid _attemptId;
    private QuizAttemptState _state = default!;
    private int _toggle;
    private string _questionId = string.Empty;
    private string[] _options = [];

    // Synchronous on purpose: the in-process toolchain does not await an async [GlobalSetup].
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _temp = new TempDirectory("leerplatform-bench");
        var content = _temp.CopyFrom(Path.Combine(TestPaths.ContentFixtures, "assessment-valid"), "content");
        _factory = RealApp.InMemory(_temp, content);
        _ = _factory.Server;
        using (var scope = _factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = "bench@example.org", Email = "bench@example.org", DisplayName = "Bench" };
            await users.CreateAsync(user, "een lang wachtwoord");
            _userId = user.Id;
        }

        _service = _factory.Services.GetRequiredService<AssessmentService>();
        _module = _factory.Services.GetRequiredService<ContentCatalog>().Current.FindModule("toets-module")!;
        _quizPage = _module.FindPage("toets")!;
        _casePage = _module.FindPage("casus")!;
        var view = await _service.GetOrStartQuizAsync(_userId, _module, _quizPage);
        _attemptId = view.AttemptId;
        _state = view.State;
        // The fixture draws 6 of 7 questions: answer a choice question that this attempt actually drew.
        var question = view.State.QuestionOrder.Select(id => _quizPage.Quiz!.FindQuestion(id)!).First(q => q.Type is QuestionType.SingleChoice or QuestionType.TrueFalse);
        _questionId = question.Id;
        _options = question.Options.Select(o => o.Id).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _factory?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp?.Dispose();
    }

    [Benchmark(Description = "Quiz answer: engine only")]
    public QuizAttemptState EngineAnswer() =>
        QuizEngine.Answer(_quizPage.Quiz!, _state, _questionId, new ItemResponse([_options[_toggle++ % _options.Length]], Certainty: 2));

    /// <summary>The deferred quiz of the fixture keeps answers changeable, so the same question can be answered again and again.</summary>
    [Benchmark(Description = "Quiz answer: service + SQLite")]
    public Task<QuizView> ServiceAnswer() =>
        _service.AnswerAsync(_userId, _module, _quizPage, _attemptId, _questionId, new ItemResponse([_options[_toggle++ % _options.Length]], Certainty: 2));

    [Benchmark(Description = "Case step (choose + continue): engine only")]
    public ScenarioRunState EngineStep()
    {
        var scenario = _casePage.Scenario!;
        var state = ScenarioEngine.Start(scenario);
        return ScenarioEngine.Continue(scenario, ScenarioEngine.Choose(scenario, state, "begin-1", 2, "Omdat."));
    }

    /// <summary>Three service calls per invocation: start a run, choose, continue.</summary>
    [Benchmark(Description = "Case step: service + SQLite (per call)", OperationsPerInvoke = 3)]
    public async Task<ScenarioView> ServiceStep()
    {
        var run = await _service.RestartScenarioAsync(_userId, _module, _casePage);
        run = await _service.ChooseAsync(_userId, _module, _casePage, run.RunId, "begin-1", 2, "Omdat.");
        return await _service.ContinueAsync(_userId, _module, _casePage, run.RunId);
    }
}
