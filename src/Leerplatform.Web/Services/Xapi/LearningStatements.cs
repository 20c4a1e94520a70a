using Leerplatform.Core.Assessment;
using Leerplatform.Core.Content;
using Leerplatform.Core.Xapi;

namespace Leerplatform.Web.Services.Xapi;

/// <summary>The learner as xAPI sees them, and where their statements go.</summary>
/// <param name="OrganisationId">The learner's organisation (statements are scoped to it); null when they have none.</param>
/// <param name="Forward">The organisation forwards to its own LRS.</param>
public sealed record XapiLearner(string UserId, string DisplayName, string? OrganisationId, bool Forward);

/// <summary>
/// Builds the statements of the Leerplatform xAPI profile (docs/xapi-profile.md) for learner events. Pure:
/// time, ids and the learner come in as arguments, so the same event always gives the same statement.
/// </summary>
public sealed class LearningStatements(XapiOptions options)
{
    public const string Platform = "Leerplatform";

    public static class Verbs
    {
        public const string Launched = "http://adlnet.gov/expapi/verbs/launched";
        public const string Initialized = "http://adlnet.gov/expapi/verbs/initialized";
        public const string Experienced = "http://adlnet.gov/expapi/verbs/experienced";
        public const string Progressed = "http://adlnet.gov/expapi/verbs/progressed";
        public const string Answered = "http://adlnet.gov/expapi/verbs/answered";
        public const string Responded = "http://adlnet.gov/expapi/verbs/responded";
        public const string Completed = "http://adlnet.gov/expapi/verbs/completed";
        public const string Passed = "http://adlnet.gov/expapi/verbs/passed";
        public const string Failed = "http://adlnet.gov/expapi/verbs/failed";
        public const string Suspended = "http://adlnet.gov/expapi/verbs/suspended";
        public const string Resumed = "http://adlnet.gov/expapi/verbs/resumed";
        public const string Terminated = "http://adlnet.gov/expapi/verbs/terminated";
        public const string Attempted = "http://adlnet.gov/expapi/verbs/attempted";
        public const string Commented = "http://adlnet.gov/expapi/verbs/commented";
        public const string Scored = "http://adlnet.gov/expapi/verbs/scored";

        internal static readonly Dictionary<string, (string Nl, string En)> Display = new()
        {
            [Launched] = ("gestart", "launched"),
            [Initialized] = ("begonnen", "initialized"),
            [Experienced] = ("bekeken", "experienced"),
            [Progressed] = ("gevorderd", "progressed"),
            [Answered] = ("beantwoord", "answered"),
            [Responded] = ("gekozen", "responded"),
            [Completed] = ("voltooid", "completed"),
            [Passed] = ("geslaagd", "passed"),
            [Failed] = ("niet geslaagd", "failed"),
            [Suspended] = ("onderbroken", "suspended"),
            [Resumed] = ("hervat", "resumed"),
            [Terminated] = ("afgesloten", "terminated"),
            [Attempted] = ("geprobeerd", "attempted"),
            [Commented] = ("becommentarieerd", "commented"),
            [Scored] = ("beoordeeld", "scored"),
        };
    }

    public static class ActivityTypes
    {
        public const string Module = "http://adlnet.gov/expapi/activities/module";
        public const string Lesson = "http://adlnet.gov/expapi/activities/lesson";
        public const string Assessment = "http://adlnet.gov/expapi/activities/assessment";
        public const string Interaction = "http://adlnet.gov/expapi/activities/cmi.interaction";
        public const string Simulation = "http://adlnet.gov/expapi/activities/simulation";
        public const string Objective = "http://adlnet.gov/expapi/activities/objective";
        public const string Profile = "http://adlnet.gov/expapi/activities/profile";
    }

    /// <summary>cmi5's progress extension (0–100), reused so LRS dashboards that know cmi5 understand it.</summary>
    public const string ProgressExtension = "https://w3id.org/xapi/cmi5/result/extensions/progress";

    public string Base => options.Base;

    public string ProfileIri => Base + "xapi/profile";

    public string FeedbackShownExtension => Base + "xapi/extensions/feedback-shown";

    public string CertaintyExtension => Base + "xapi/extensions/certainty";

    public string ReasonExtension => Base + "xapi/extensions/reason";

    public string CompetenceDeltasExtension => Base + "xapi/extensions/competence-deltas";

    public string OutcomeExtension => Base + "xapi/extensions/outcome";

    public string LevelExtension => Base + "xapi/extensions/level";

    public string PreviousLevelExtension => Base + "xapi/extensions/previous-level";

    public string LearnerExtension => Base + "xapi/extensions/learner";

    public string ModuleIri(string moduleId) => $"{Base}modules/{moduleId}";

    public string PageIri(string moduleId, string pageId) => $"{Base}modules/{moduleId}/pages/{pageId}";

    public string QuizIri(string moduleId, string quizId) => $"{Base}modules/{moduleId}/quizzes/{quizId}";

    /// <summary>Questions change with the module version, so their IRI carries it: an LRS merges definitions by IRI.</summary>
    public string QuestionIri(string moduleId, string version, string quizId, string questionId) =>
        $"{Base}modules/{moduleId}/v/{Uri.EscapeDataString(version)}/quizzes/{quizId}/questions/{questionId}";

    public string ScenarioIri(string moduleId, string scenarioId) => $"{Base}modules/{moduleId}/scenarios/{scenarioId}";

    public string DecisionIri(string moduleId, string version, string scenarioId, string nodeId) =>
        $"{Base}modules/{moduleId}/v/{Uri.EscapeDataString(version)}/scenarios/{scenarioId}/nodes/{nodeId}";

    public string CompetenceIri(string code) => $"{Base}competences/{code.ToLowerInvariant()}";

    /// <summary>The learner as an account on the platform: no e-mail address leaves in statements.</summary>
    public Agent Actor(XapiLearner learner) => new()
    {
        ObjectTypeWritten = true,
        Name = learner.DisplayName,
        Account = new Account(Base, learner.UserId),
    };

    /// <summary>The platform itself, as authority of the statements it records.</summary>
    public Agent Authority => new() { ObjectTypeWritten = true, Name = Platform, Account = new Account(Base, "leerplatform") };

    public Statement ModuleEvent(XapiLearner learner, LearningModule module, Guid registration, string verb, DateTime now, Result? result = null) =>
        Make(learner, verb, ModuleActivity(module), registration, module, now, result, parent: null);

    public Statement PageExperienced(XapiLearner learner, LearningModule module, ModulePage page, Guid registration, DateTime now) =>
        Make(learner, Verbs.Experienced, new Activity(PageIri(module.Id, page.Id), new ActivityDefinition
        {
            Name = LanguageMap.Of((module.Metadata.Language, page.Title)),
            Type = ActivityTypes.Lesson,
        }), registration, module, now, null, parent: ModuleActivity(module));

    public Statement Progressed(XapiLearner learner, LearningModule module, Guid registration, int percent, DateTime now) =>
        ModuleEvent(learner, module, registration, Verbs.Progressed, now, new Result
        {
            Extensions = Extensions.Of((ProgressExtension, percent)),
        });

    public Statement QuestionAnswered(XapiLearner learner, LearningModule module, Quiz quiz, Question question, ItemState item, Guid registration, TimeSpan? duration, DateTime now)
    {
        var result = new Result
        {
            Response = ResponsePattern(question, item.Response),
            Success = item.FeedbackShown ? item.Correct : null,
            Score = item.FeedbackShown && question.IsGraded && item.MaxPoints > 0
                ? new Score(Math.Clamp(item.Points / item.MaxPoints, -1, 1), item.Points, Math.Min(0, item.Points), item.MaxPoints)
                : null,
            Duration = duration is { } d ? XapiDuration.FromTimeSpan(d) : null,
            Extensions = new Extensions(
            [
                KeyValuePair.Create(FeedbackShownExtension, System.Text.Json.JsonSerializer.SerializeToElement(FeedbackShown(question, item))),
                .. item.Response?.Certainty is { } certainty
                    ? [KeyValuePair.Create(CertaintyExtension, System.Text.Json.JsonSerializer.SerializeToElement(certainty))]
                    : Array.Empty<KeyValuePair<string, System.Text.Json.JsonElement>>(),
            ]),
        };
        var activity = new Activity(QuestionIri(module.Id, module.Metadata.Version, quiz.Settings.Id, question.Id), Interaction(module, question));
        return Make(learner, Verbs.Answered, activity, registration, module, now, result, parent: QuizActivity(module, quiz),
            competences: question.Competences);
    }

    public Statement QuizFinished(XapiLearner learner, LearningModule module, Quiz quiz, QuizResult outcome, Guid registration, TimeSpan? duration, DateTime now) =>
        Make(learner, outcome.Passed switch { true => Verbs.Passed, false => Verbs.Failed, null => Verbs.Completed }, QuizActivity(module, quiz), registration, module, now,
            new Result
            {
                Score = outcome.MaxPoints > 0
                    ? new Score(Math.Clamp(outcome.Points / outcome.MaxPoints, -1, 1), outcome.Points, Math.Min(0, outcome.Points), outcome.MaxPoints)
                    : null,
                Success = outcome.Passed,
                Completion = true,
                Duration = duration is { } d ? XapiDuration.FromTimeSpan(d) : null,
            },
            parent: ModuleActivity(module));

    public Statement Decision(XapiLearner learner, LearningModule module, Scenario scenario, ScenarioNode node, ScenarioStep step, Guid registration, DateTime now)
    {
        var choices = node.Choices.Select(c => new InteractionComponent(c.Id, LanguageMap.Of((module.Metadata.Language, c.Text)))).ToList();
        var activity = new Activity(DecisionIri(module.Id, module.Metadata.Version, scenario.Id, node.Id), new ActivityDefinition
        {
            Name = LanguageMap.Of((module.Metadata.Language, $"{scenario.Title ?? scenario.Id}: {node.Id}")),
            Type = ActivityTypes.Interaction,
            InteractionType = InteractionTypes.Choice,
            Choices = choices,
        });
        List<KeyValuePair<string, System.Text.Json.JsonElement>> extensions =
        [
            KeyValuePair.Create(CompetenceDeltasExtension, System.Text.Json.JsonSerializer.SerializeToElement(step.Deltas.ToDictionary(d => d.Code, d => d.Delta))),
        ];
        if (step.Certainty is { } certainty)
        {
            extensions.Add(KeyValuePair.Create(CertaintyExtension, System.Text.Json.JsonSerializer.SerializeToElement(certainty)));
        }

        if (!string.IsNullOrWhiteSpace(step.Reason))
        {
            extensions.Add(KeyValuePair.Create(ReasonExtension, System.Text.Json.JsonSerializer.SerializeToElement(step.Reason)));
        }

        return Make(learner, Verbs.Responded, activity, registration, module, now,
            new Result { Response = step.ChoiceId, Extensions = new Extensions(extensions) },
            parent: ScenarioActivity(module, scenario), competences: step.Deltas.Select(d => d.Code));
    }

    public Statement ScenarioFinished(XapiLearner learner, LearningModule module, Scenario scenario, ScenarioRunState state, Guid registration, DateTime now) =>
        Make(learner, Verbs.Completed, ScenarioActivity(module, scenario), registration, module, now,
            new Result
            {
                Completion = true,
                Score = new Score(Raw: state.Scores.Values.Sum()),
                Extensions = Extensions.Of(
                    (OutcomeExtension, state.Outcome?.ToString().ToLowerInvariant()),
                    (CompetenceDeltasExtension, state.Scores)),
            },
            parent: ModuleActivity(module), competences: state.Scores.Keys);

    /// <summary>A competence level went up or down: object is the competence, result the new level on a 0–3 scale.</summary>
    public Statement LevelChanged(XapiLearner learner, string competence, string? competenceName, int? previousLevel, int? level, DateTime now) =>
        new()
        {
            Id = Guid.NewGuid(),
            Actor = Actor(learner),
            Verb = Verb(level > (previousLevel ?? 0) ? Verbs.Progressed : Verbs.Attempted),
            Object = CompetenceActivity(competence, competenceName),
            Result = new Result
            {
                Score = new Score((level ?? 0) / 3.0, level ?? 0, 0, 3),
                Extensions = Extensions.Of((LevelExtension, level), (PreviousLevelExtension, previousLevel)),
            },
            Context = new Context
            {
                ContextActivities = new ContextActivities { Category = [ProfileActivity] },
                Platform = Platform,
                Language = "nl",
            },
            Timestamp = XapiTimestamp.FromInstant(now),
        };

    /// <summary>The learner's reflection (a question) as the object of a trainer's review, with its quiz as parent.</summary>
    public (Activity Work, Activity Parent) ReflectionActivities(LearningModule module, Quiz quiz, Question question) =>
        (new Activity(QuestionIri(module.Id, module.Metadata.Version, quiz.Settings.Id, question.Id), Interaction(module, question)), QuizActivity(module, quiz));

    /// <summary>A decision point of a case as the object of a trainer's review, with its case as parent.</summary>
    public (Activity Work, Activity Parent) DecisionActivities(LearningModule module, Scenario scenario, ScenarioNode node) =>
        (new Activity(DecisionIri(module.Id, module.Metadata.Version, scenario.Id, node.Id), new ActivityDefinition
        {
            Name = LanguageMap.Of((module.Metadata.Language, $"{scenario.Title ?? scenario.Id}: {node.Id}")),
            Type = ActivityTypes.Interaction,
            InteractionType = InteractionTypes.Choice,
            Choices = node.Choices.Select(c => new InteractionComponent(c.Id, LanguageMap.Of((module.Metadata.Language, c.Text)))).ToList(),
        }), ScenarioActivity(module, scenario));

    /// <summary>
    /// A trainer reviewed a learner's reflection or case reason: the trainer is the actor ("commented", or
    /// "scored" with a rating), the learner's work the object, the learner an account in the context extension
    /// "learner". A rating gives the score on the 0–3 scale and the competence in context.
    /// </summary>
    public Statement Reviewed(XapiLearner trainer, XapiLearner learner, LearningModule module, (Activity Work, Activity Parent) target,
        string comment, string? competence, string? competenceName, int? level, DateTime now)
    {
        var rated = competence is not null && level is not null;
        return new Statement
        {
            Id = Guid.NewGuid(),
            Actor = Actor(trainer),
            Verb = Verb(rated ? Verbs.Scored : Verbs.Commented),
            Object = target.Work,
            Result = new Result
            {
                Response = comment,
                Score = rated ? new Score(level!.Value / 3.0, level.Value, 0, 3) : null,
                Extensions = rated ? Extensions.Of((LevelExtension, level)) : null,
            },
            Context = new Context
            {
                ContextActivities = new ContextActivities
                {
                    Parent = [WithoutDefinition(target.Parent)],
                    Grouping = [new Activity(ModuleIri(module.Id))],
                    Category = [ProfileActivity],
                    Other = rated ? [CompetenceActivity(competence!, competenceName)] : null,
                },
                Revision = module.Metadata.Version,
                Platform = Platform,
                Language = module.Metadata.Language,
                Extensions = Extensions.Of((LearnerExtension, new Dictionary<string, object>
                {
                    ["objectType"] = "Agent",
                    ["name"] = learner.DisplayName,
                    ["account"] = new Dictionary<string, string> { ["homePage"] = Base, ["name"] = learner.UserId },
                })),
            },
            Timestamp = XapiTimestamp.FromInstant(now),
        };
    }

    private Activity ProfileActivity => new(ProfileIri, new ActivityDefinition { Type = ActivityTypes.Profile });

    public Activity ModuleActivity(LearningModule module) => new(ModuleIri(module.Id), new ActivityDefinition
    {
        Name = LanguageMap.Of((module.Metadata.Language, module.Metadata.Title)),
        Description = LanguageMap.Of((module.Metadata.Language, module.Metadata.Summary)),
        Type = ActivityTypes.Module,
    });

    private Activity QuizActivity(LearningModule module, Quiz quiz) => new(QuizIri(module.Id, quiz.Settings.Id), new ActivityDefinition
    {
        Name = LanguageMap.Of((module.Metadata.Language, quiz.Settings.Title ?? quiz.Settings.Id)),
        Type = ActivityTypes.Assessment,
    });

    private Activity ScenarioActivity(LearningModule module, Scenario scenario) => new(ScenarioIri(module.Id, scenario.Id), new ActivityDefinition
    {
        Name = LanguageMap.Of((module.Metadata.Language, scenario.Title ?? scenario.Id)),
        Type = ActivityTypes.Simulation,
    });

    private Activity CompetenceActivity(string code, string? name = null) => new(CompetenceIri(code), new ActivityDefinition
    {
        Name = name is null ? null : LanguageMap.Of(("nl", $"{code} {name}")),
        Type = ActivityTypes.Objective,
    });

    private static Verb Verb(string id) =>
        new(id, Verbs.Display.TryGetValue(id, out var display) ? LanguageMap.Of(("nl", display.Nl), ("en", display.En)) : null);

    private Statement Make(XapiLearner learner, string verb, Activity activity, Guid registration, LearningModule module, DateTime now, Result? result,
        Activity? parent, IEnumerable<string>? competences = null)
    {
        var codes = (competences ?? []).Concat(parent is null || parent.Id == ModuleIri(module.Id) ? module.Metadata.Competences : [])
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return new Statement
        {
            Id = Guid.NewGuid(),
            Actor = Actor(learner),
            Verb = Verb(verb),
            Object = activity,
            Result = result,
            Context = new Context
            {
                Registration = registration,
                ContextActivities = new ContextActivities
                {
                    Parent = parent is null ? null : [WithoutDefinition(parent)],
                    Grouping = parent is not null && parent.Id != ModuleIri(module.Id) ? [new Activity(ModuleIri(module.Id))] : null,
                    Category = [ProfileActivity],
                    Other = codes.Count == 0 ? null : codes.Select(c => CompetenceActivity(c)).ToList(),
                },
                Revision = module.Metadata.Version,
                Platform = Platform,
                Language = module.Metadata.Language,
            },
            Timestamp = XapiTimestamp.FromInstant(now),
        };
    }

    private static Activity WithoutDefinition(Activity activity) => new(activity.Id, activity.Definition is { Type: { } type } ? new ActivityDefinition { Type = type } : null);

    private ActivityDefinition Interaction(LearningModule module, Question question)
    {
        var language = module.Metadata.Language;
        var components = question.Options.Select(o => new InteractionComponent(o.Id, LanguageMap.Of((language, o.Text)))).ToList();
        var definition = new ActivityDefinition
        {
            Name = LanguageMap.Of((language, Shorten(question.PromptText))),
            Description = LanguageMap.Of((language, question.PromptText)),
            Type = ActivityTypes.Interaction,
        };
        return question.Type switch
        {
            QuestionType.TrueFalse => definition with
            {
                InteractionType = InteractionTypes.TrueFalse,
                CorrectResponsesPattern = [question.Options.FirstOrDefault(o => o.Correct) is { } right && IsTrue(right) ? "true" : "false"],
            },
            QuestionType.SingleChoice or QuestionType.MultipleResponse => definition with
            {
                InteractionType = InteractionTypes.Choice,
                Choices = components,
                CorrectResponsesPattern = [string.Join("[,]", question.Options.Where(o => o.Correct).Select(o => o.Id))],
            },
            QuestionType.Ordering => definition with
            {
                InteractionType = InteractionTypes.Sequencing,
                Choices = components,
                CorrectResponsesPattern = [string.Join("[,]", question.Options.Select(o => o.Id))],
            },
            QuestionType.Matching => definition with
            {
                InteractionType = InteractionTypes.Matching,
                Source = components,
                Target = question.Options.Select(o => new InteractionComponent(o.Id, LanguageMap.Of((language, o.MatchText ?? o.Text)))).ToList(),
                CorrectResponsesPattern = [string.Join("[,]", question.Options.Select(o => $"{o.Id}[.]{o.Id}"))],
            },
            QuestionType.Likert => definition with
            {
                InteractionType = InteractionTypes.Likert,
                Scale = question.ScaleLabels.Select((label, i) => new InteractionComponent((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), LanguageMap.Of((language, label)))).ToList(),
            },
            _ => definition with { InteractionType = InteractionTypes.LongFillIn },
        };
    }

    /// <summary>
    /// Which feedback the learner saw with this answer: "verdict" (right/wrong), "option:{id}" for each chosen
    /// option with its own feedback, "explanation" for the question's explanation. Empty while feedback is held
    /// back (deferred mode before hand-in).
    /// </summary>
    private static IReadOnlyList<string> FeedbackShown(Question question, ItemState item)
    {
        if (!item.FeedbackShown)
        {
            return [];
        }

        var shown = new List<string>();
        if (question.IsGraded)
        {
            shown.Add("verdict");
        }

        foreach (var id in item.Response?.Selected ?? [])
        {
            if (question.FindOption(id.Split(':')[0]) is { FeedbackHtml: not null } option)
            {
                shown.Add("option:" + option.Id);
            }
        }

        if (question.ExplanationHtml is not null)
        {
            shown.Add("explanation");
        }

        return shown;
    }

    /// <summary>The learner's answer in the interaction's response format ("a[,]c", "1[.]1", "true", free text).</summary>
    private static string? ResponsePattern(Question question, ItemResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        return question.Type switch
        {
            QuestionType.TrueFalse => question.FindOption(response.Selected.FirstOrDefault() ?? string.Empty) is { } option && IsTrue(option) ? "true" : "false",
            QuestionType.Matching => string.Join("[,]", response.Selected.Select(pair => pair.Replace(":", "[.]", StringComparison.Ordinal))),
            QuestionType.Reflection => response.Text ?? string.Empty,
            _ => string.Join("[,]", response.Selected),
        };
    }

    /// <summary>True/false questions are written as two options; the one called "waar"/"juist"/"true" is true.</summary>
    private static bool IsTrue(QuestionOption option) =>
        option.Text.Trim().ToLowerInvariant() is "waar" or "juist" or "true" or "ja" or "klopt" || option.Id.Equals("waar", StringComparison.OrdinalIgnoreCase) || option.Id.Equals("true", StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..117].TrimEnd() + "…";
}
