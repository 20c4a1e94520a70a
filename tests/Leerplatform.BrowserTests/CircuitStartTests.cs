using System.Text;
using System.Text.RegularExpressions;
using Leerplatform.BrowserTests.Support;
using Leerplatform.Web.Services;
using Microsoft.Playwright;

namespace Leerplatform.BrowserTests;

/// <summary>
/// A link clicked while the circuit starts can change the browser's address before Blazor's router intercepts
/// links; the router then shows the page it started on under the new address (seen in CI: "Instellingen" clicked
/// right after registering left the home page on screen). This test makes that moment certain: it holds the
/// circuit's start message, moves the address the way such a click does, and lets the circuit start.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CircuitStartTests(ServerFixture server)
{
    [Fact]
    public async Task AnAddressChangedWhileTheCircuitStartsShowsThatPage()
    {
        var learner = DemoUserSeeder.Users.Single(u => u.Email == "leerling2@leerplatform.test");
        var page = await server.NewPageAsync();
        await page.GotoAsync("/account/inloggen?returnUrl=%2Fbibliotheek");
        await page.Locator("#email").FillAsync(learner.Email);
        await page.Locator("#password").FillAsync(learner.Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.ExpectPathAsync("/bibliotheek");
        await page.WaitUntilSettledAsync();

        // From here on, the browser's "StartCircuit" message (blazorpack: the method name is plain UTF-8) waits
        // until the test releases it; every other message passes at once.
        var held = new TaskCompletionSource<Action>(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteWebSocketAsync(new Regex("/_blazor"), socket =>
        {
            var toServer = socket.ConnectToServer();
            socket.OnMessage(frame =>
            {
                if (frame.Binary is { } binary && !held.Task.IsCompleted && Encoding.UTF8.GetString(binary).Contains("StartCircuit", StringComparison.Ordinal))
                {
                    held.SetResult(() => toServer.Send(binary));
                }
                else if (frame.Binary is { } bytes)
                {
                    toServer.Send(bytes);
                }
                else
                {
                    toServer.Send(frame.Text!);
                }
            });
        });

        await page.GotoAsync("/");
        var release = await held.Task.WaitAsync(TimeSpan.FromSeconds(15));
        // The circuit was asked to start on "/"; the address now says /instellingen, without the router hearing.
        await page.EvaluateAsync("() => history.pushState(null, '', '/instellingen')");
        release();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Instellingen");
        await Assertions.Expect(page.GetByLabel("Vlaanderen (of Brussel)")).ToBeVisibleAsync();
        await page.ExpectPathAsync("/instellingen");
        await page.AssertAccessibleAsync();
    }
}
