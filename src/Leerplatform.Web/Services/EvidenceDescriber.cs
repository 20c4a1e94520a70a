using Leerplatform.Core.Competency;
using Leerplatform.Core.Content;

namespace Leerplatform.Web.Services;

/// <summary>What a piece of evidence was, in words, and where it came from (a link to the page of the activity).</summary>
public sealed record EvidenceDescription(string Activity, string? Detail, string? Url);

/// <summary>Resolves evidence against the current content, so the dashboard can name the question or the decision.</summary>
public static class EvidenceDescriber
{
    public static EvidenceDescription Describe(EvidenceView evidence, ContentLibrary library)
    {
        var module = library.FindModule(evidence.ModuleId);
        var page = module?.FindPage(evidence.PageId);
        var url = page is null ? null : ContentRoutes.Page(module!.Id, page.Id);
        if (evidence.Kind == EvidenceKind.TrainerRating)
        {
            // A rating from the review queue links back to the work it was about; its reason is the trainer's comment.
            return new EvidenceDescription(page?.Quiz?.Settings.Title ?? page?.Scenario?.Title ?? page?.Title ?? string.Empty, evidence.Reason, url);
        }

        var activity = page?.Quiz?.Settings.Title ?? page?.Scenario?.Title ?? page?.Title ?? evidence.ActivityId;
        string? detail = evidence.Kind switch
        {
            EvidenceKind.Decision => page?.Scenario?.FindChoice(evidence.ItemId, evidence.ChoiceId ?? string.Empty)?.Text,
            _ => page?.Quiz?.FindQuestion(evidence.ItemId)?.PromptText,
        };
        return new EvidenceDescription(activity, detail, url);
    }
}
