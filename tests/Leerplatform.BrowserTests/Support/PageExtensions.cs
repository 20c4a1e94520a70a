using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Leerplatform.BrowserTests.Support;

public static class PageExtensions
{
    /// <summary>Runs axe-core on the page and fails on any serious or critical violation, listing them.</summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        // Check the page as a learner meets it: settled after the circuit took over, title in place.
        await page.WaitUntilSettledAsync();
        await page.WaitForFunctionAsync("() => document.title.length > 0");
        var results = await page.RunAxe();
        var blocking = results.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")
            .ToList();
        Assert.True(blocking.Count == 0, $"axe found serious/critical violations on {page.Url}:\n{string.Join("\n", blocking)}");
    }

    /// <summary>
    /// Presses Tab until the focused element matches <paramref name="selector"/>: proves the element is reachable
    /// with the keyboard (and that focus is visible there), without ever touching the mouse.
    /// </summary>
    public static async Task TabToAsync(this IPage page, string selector, int maxTabs = 80)
    {
        // Interactive pages are re-rendered when the circuit takes over from prerendering, which resets focus;
        // a keyboard user starts tabbing once the page has settled, and so does this helper.
        await page.WaitUntilSettledAsync();

        for (var i = 0; i < maxTabs; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement !== null && document.activeElement.matches(s)", selector))
            {
                var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle + ' fv=' + document.activeElement.matches(':focus-visible') + ' hf=' + document.hasFocus() + ' ' + document.activeElement.outerHTML.slice(0, 120)");
                Assert.False(outline.StartsWith("none", StringComparison.Ordinal), $"focus not visible: {outline}");
                return;
            }
        }

        Assert.Fail($"'{selector}' was not reached with {maxTabs} presses of Tab on {page.Url}");
    }

    /// <summary>
    /// Waits until the address bar shows <paramref name="path"/>. Blazor navigates without full page loads
    /// (enhanced navigation, interactive routing), so waiting for a "load" event would hang.
    /// </summary>
    public static Task ExpectPathAsync(this IPage page, string path) =>
        Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^[a-z]+://[^/]+" + System.Text.RegularExpressions.Regex.Escape(path) + "([?#].*)?$"));

    /// <summary>Static pages (accounts, invitations) are settled once loaded; interactive pages once the circuit renders them.</summary>
    public static async Task WaitUntilSettledAsync(this IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        var path = new Uri(page.Url).AbsolutePath;
        if (!path.StartsWith("/account", StringComparison.Ordinal) && !path.StartsWith("/uitnodiging", StringComparison.Ordinal))
        {
            await page.WaitForInteractiveAsync();
        }
    }

    /// <summary>Waits until the Blazor circuit has taken over from the prerendered HTML (event handlers live).</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("main[data-interactive=true]").WaitForAsync();

    /// <summary>Waits until the Blazor circuit has rendered this reader page interactively (its page is marked as read).</summary>
    public static Task WaitForPageRecordedAsync(this IPage page) =>
        page.Locator(".reader-toc li.current.viewed").WaitForAsync();
}
