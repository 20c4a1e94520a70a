using Leerplatform.Core.Assessment;
using Leerplatform.Core.Content;
using Leerplatform.Testing;

namespace Leerplatform.Tests.Assessment;

/// <summary>The quiz and case of the "assessment-valid" fixture, loaded once through the real parser.</summary>
public static class AssessmentFixture
{
    private static readonly Lazy<ContentLibrary> Library = new(() => ContentLoader.Load(Path.Combine(TestPaths.ContentFixtures, "assessment-valid")));

    public static LearningModule Module => Library.Value.FindModule("toets-module")!;

    public static Quiz Quiz => Module.FindPage("toets")!.Quiz!;

    public static Scenario Scenario => Module.FindPage("casus")!.Scenario!;

    /// <summary>The same quiz with other settings, for rules the fixture does not switch on.</summary>
    public static Quiz With(Func<QuizSettings, QuizSettings> change) => Quiz with { Settings = change(Quiz.Settings) };
}
