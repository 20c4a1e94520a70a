using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Testing;
using Leerplatform.Web.Services.Xapi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Interop;

/// <summary>
/// The platform's statement endpoint read and written by an independent client, @xapi/xapi from npm
/// (tests/interop/client.js: about, send, get, every filter, paging through "more", formats, voiding), over a
/// real socket so the HTTP headers are the ones a client sees.
/// </summary>
public sealed class XapiEndpointInteropTests
{
    [Fact]
    public async Task TheXapiClientLibraryPassesEveryStepAgainstOurEndpoint()
    {
        using var temp = new TempDirectory();
        var (app, baseUrl) = await RealApp.StartAsync(temp, Path.Combine(TestPaths.ContentFixtures, "valid"), "Production");
        await using (app)
        {
            string key, secret;
            var contexts = app.Services.GetRequiredService<IDbContextFactory<LeerplatformDbContext>>();
            await using (var db = await contexts.CreateDbContextAsync())
            {
                var organisation = new Organisation { Name = "Interop", CreatedAtUtc = DateTime.UtcNow };
                db.Organisations.Add(organisation);
                await db.SaveChangesAsync();
                (key, secret) = await app.Services.GetRequiredService<XapiCredentials>().CreateAsync(organisation.Id, "interop", canWrite: true);
            }

            var result = await NodeInterop.RunAsync("client.js", [baseUrl + "/xapi/", key, secret], TimeSpan.FromSeconds(90));
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("\"ok\":true", result.StandardOutput);

            // Exactly one Date header, and the version the client asked for echoed back.
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl + "/xapi/statements?limit=1");
            request.Headers.Add("X-Experience-API-Version", "2.0.0");
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{key}:{secret}")));
            using var response = await http.SendAsync(request);
            Assert.Single(response.Headers.GetValues("Date"));
            Assert.Equal("2.0.0", Assert.Single(response.Headers.GetValues("X-Experience-API-Version")));
        }
    }
}
