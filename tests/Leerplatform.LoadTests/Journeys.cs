using System.Text.Json.Nodes;
using Leerplatform.LoadTests.Protocol;

namespace Leerplatform.LoadTests;

/// <summary>One learner's next action, decided from what the circuit shows now.</summary>
public interface IJourney
{
    /// <summary>The page the circuit opens on.</summary>
    string StartPath { get; }

    /// <summary>Whether the opened page is ready for the first action.</summary>
    bool IsReady(Dom dom);

    /// <summary>Performs one action and returns its kind ("decision", "page", …); throws <see cref="ActionException"/> on failure.</summary>
    Task<string> StepAsync(BlazorCircuit circuit, TimeSpan timeout);
}

/// <summary>
/// The plain template's counter (baseline): open <c>/counter</c>, click "Click me", expect the next count.
/// </summary>
public sealed class CounterJourney : IJourney
{
    private int _count;

    public string StartPath => "/counter";

    public bool IsReady(Dom dom) => dom.Button("Click me") is not null && Status(dom) == "Current count: 0";

    public async Task<string> StepAsync(BlazorCircuit circuit, TimeSpan timeout)
    {
        var expected = $"Current count: {++_count}";
        await circuit.ClickAsync(d => d.Button("Click me"), d => Status(d) == expected, timeout);
        return "click";
    }

    private static string? Status(Dom dom) =>
        dom.Elements().FirstOrDefault(e => e.Name == "p" && e.Attributes.GetValueOrDefault("role") == "status") is { } status ? dom.TextOf(status) : null;
}

/// <summary>
/// A learner in Leerplatform: reads page 1 of a module, turns to the case page with the pager's "Volgende" link
/// (an intercepted navigation in the same circuit), picks the first choice and a certainty, clicks "Kies" and
/// expects the choice's feedback, clicks "Verder", and so on to the debrief; then turns back to page 1, forward
/// again and plays the case again. Every step is one action; a "decision" is timed until its feedback renders.
/// Works on any module whose second page is a case with certainty (the fixture <c>casus-journey</c> by default).
/// </summary>
public sealed class CaseJourney(string moduleId, string firstPageId, string expectedFeedback) : IJourney
{
    private bool _turnBack = true;

    public string StartPath => $"/modules/{moduleId}/{firstPageId}";

    public int Decisions { get; private set; }

    public bool IsReady(Dom dom) => dom.ByClass("a", "pager-next") is not null && dom.ById("page-title") is not null;

    public async Task<string> StepAsync(BlazorCircuit circuit, TimeSpan timeout)
    {
        var (onFirstPage, replay, next, radios, certainty, choose) = circuit.Read(d =>
        {
            var inputs = d.Elements().Where(e => e.Name == "input" && e.Attributes.GetValueOrDefault("type") == "radio").ToList();
            return (
                d.AllByClass("scenario").FirstOrDefault() is null,
                d.Button("Speel de casus opnieuw") is not null,
                d.Button("Verder") is not null,
                inputs.Where(e => e.Id?.StartsWith("choice-", StringComparison.Ordinal) == true).ToList(),
                inputs.Where(e => e.Id?.StartsWith("certainty-", StringComparison.Ordinal) == true).ToList(),
                d.Button("Kies"));
        });

        if (onFirstPage)
        {
            var href = circuit.Read(d => d.ByClass("a", "pager-next")?.Attributes.GetValueOrDefault("href")) ?? throw new ActionException("no pager-next link");
            await circuit.NavigateAsync(href, CaseShown, timeout);
            return "page";
        }

        if (replay)
        {
            _turnBack = !_turnBack;
            if (!_turnBack)
            {
                var previous = circuit.Read(d => d.ByClass("a", "pager-prev")?.Attributes.GetValueOrDefault("href")) ?? throw new ActionException("no pager-prev link");
                await circuit.NavigateAsync(previous, d => d.AllByClass("scenario").FirstOrDefault() is null && IsReady(d), timeout);
                return "page";
            }

            await circuit.ClickAsync(d => d.Button("Speel de casus opnieuw"), d => FirstChoice(d) is not null, timeout);
            return "restart";
        }

        if (next)
        {
            await circuit.ClickAsync(d => d.Button("Verder"), d => d.Button("Verder") is null && d.ByClass("div", "choice-feedback") is null, timeout);
            return "continue";
        }

        if (radios.Count == 0)
        {
            throw new ActionException("the case shows no choices, no 'Verder' and no replay button");
        }

        if (!radios.Any(r => r.Attributes.ContainsKey("checked")))
        {
            var id = radios[0].Id!;
            await circuit.ChangeAsync(d => d.ById(id), radios[0].Attributes.GetValueOrDefault("value"), d => d.ById(id)?.Attributes.ContainsKey("checked") == true, timeout);
            return "select";
        }

        if (certainty.Count > 0 && !certainty.Any(r => r.Attributes.ContainsKey("checked")))
        {
            var id = certainty[Math.Min(1, certainty.Count - 1)].Id!;
            await circuit.ChangeAsync(d => d.ById(id), JsonValue.Create(id[^1..]), d => d.ById(id)?.Attributes.ContainsKey("checked") == true, timeout);
            return "select";
        }

        var reason = circuit.Read(d => d.Elements().FirstOrDefault(e => e.Name == "textarea" && e.Id?.StartsWith("reason-", StringComparison.Ordinal) == true));
        if (reason is not null && string.IsNullOrEmpty(reason.Attributes.GetValueOrDefault("value")))
        {
            // The case asks why (with certainty): typed text arrives as one input event, as @bind:event="oninput" sees it.
            var id = reason.Id!;
            await circuit.InputAsync(d => d.ById(id), "Omdat de cliënt zelf moet kunnen beslissen.", d => !string.IsNullOrEmpty(d.ById(id)?.Attributes.GetValueOrDefault("value")), timeout);
            return "input";
        }

        if (choose is null || choose.IsDisabled)
        {
            throw new ActionException("'Kies' is missing or disabled after choosing");
        }

        await circuit.ClickAsync(d => d.Button("Kies"), d => d.ByClass("div", "choice-feedback") is { } feedback && d.TextOf(feedback).Contains(expectedFeedback, StringComparison.Ordinal), timeout);
        Decisions++;
        return "decision";
    }

    private static DomNode? FirstChoice(Dom dom) =>
        dom.Elements().FirstOrDefault(e => e.Name == "input" && e.Id?.StartsWith("choice-", StringComparison.Ordinal) == true);

    private static bool CaseShown(Dom dom) =>
        dom.AllByClass("scenario").FirstOrDefault() is not null
        && (FirstChoice(dom) is not null || dom.Button("Verder") is not null || dom.Button("Speel de casus opnieuw") is not null);
}

/// <summary>
/// The floor of a Leerplatform action: a learner on the case page who only changes the certainty of a choice, back
/// and forth, and never decides. Each step is a radio change that re-renders the choice form and touches no
/// database, so its server CPU is what the circuit, SignalR and rendering cost for this UI without any learning
/// record (issue 8). Not a realistic journey; use it to separate the database's share from the UI's.
/// </summary>
public sealed class RenderOnlyJourney(string moduleId, string casePageId) : IJourney
{
    public string StartPath => $"/modules/{moduleId}/{casePageId}";

    public bool IsReady(Dom dom) => Certainty(dom).Count >= 2;

    public async Task<string> StepAsync(BlazorCircuit circuit, TimeSpan timeout)
    {
        var radios = circuit.Read(Certainty);
        if (radios.Count < 2)
        {
            throw new ActionException("the case page shows no certainty choices");
        }

        // The first unchecked one of the first two: the choice flips every step.
        var target = radios.Take(2).First(r => !r.Attributes.ContainsKey("checked"));
        var id = target.Id!;
        await circuit.ChangeAsync(d => d.ById(id), JsonValue.Create(id[^1..]), d => d.ById(id)?.Attributes.ContainsKey("checked") == true, timeout);
        return "select";
    }

    private static List<DomNode> Certainty(Dom dom) =>
        dom.Elements().Where(e => e.Name == "input" && e.Attributes.GetValueOrDefault("type") == "radio"
                                  && e.Id?.StartsWith("certainty-", StringComparison.Ordinal) == true).ToList();
}
