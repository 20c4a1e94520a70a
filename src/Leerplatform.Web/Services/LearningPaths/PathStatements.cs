using Leerplatform.Core.Content.LearningPaths;
using Leerplatform.Core.Xapi;
using Leerplatform.Web.Services.Xapi;

namespace Leerplatform.Web.Services.LearningPaths;

/// <summary>
/// xAPI for learning paths (docs/xapi-profile.md): a hand-in is "answered" on the assignment as a long-fill-in
/// interaction, with the text as response and the path as parent. Pure, like <see cref="LearningStatements"/>.
/// </summary>
public static class PathStatements
{
    public const string PathType = "http://adlnet.gov/expapi/activities/course";

    public static string PathIri(LearningStatements statements, string pathId) => $"{statements.Base}leerlijnen/{pathId}";

    public static string AssignmentIri(LearningStatements statements, string pathId, string slug) => $"{PathIri(statements, pathId)}/opdrachten/{slug}";

    public static Statement AssignmentSubmitted(LearningStatements statements, XapiLearner learner, LearningPath path, PathAssignment assignment,
        string text, DateTime now, Func<string, string?> competenceName)
    {
        var display = LearningStatements.Verbs.Display[LearningStatements.Verbs.Answered];
        return new Statement
        {
            Id = Guid.NewGuid(),
            Actor = statements.Actor(learner),
            Verb = new Verb(LearningStatements.Verbs.Answered, LanguageMap.Of(("nl", display.Nl), ("en", display.En))),
            Object = new Activity(AssignmentIri(statements, path.Id, assignment.Slug), new ActivityDefinition
            {
                Name = LanguageMap.Of(("nl", assignment.Title)),
                Type = LearningStatements.ActivityTypes.Interaction,
                InteractionType = InteractionTypes.LongFillIn,
            }),
            Result = new Result { Completion = true, Response = text },
            Context = new Context
            {
                ContextActivities = new ContextActivities
                {
                    Parent = [new Activity(PathIri(statements, path.Id), new ActivityDefinition { Type = PathType })],
                    Category = [new Activity(statements.ProfileIri, new ActivityDefinition { Type = LearningStatements.ActivityTypes.Profile })],
                    Other = assignment.Competences.Count == 0 ? null : assignment.Competences
                        .Select(code => new Activity(statements.CompetenceIri(code), new ActivityDefinition
                        {
                            Name = competenceName(code) is { } name ? LanguageMap.Of(("nl", $"{code} {name}")) : null,
                            Type = LearningStatements.ActivityTypes.Objective,
                        })).ToList(),
                },
                Platform = LearningStatements.Platform,
                Language = "nl",
            },
            Timestamp = XapiTimestamp.FromInstant(now),
        };
    }
}
