using Leerplatform.Data.Entities;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Leerplatform.Tests.Integration;

/// <summary>A large cohort's report tables render in steps; the CSV keeps every row.</summary>
public sealed class ReportPagingTests
{
    [Fact]
    public async Task ALargeCohortShowsTwoHundredRowsAtFirstAndTheCsvHasAll()
    {
        using var app = AppFactory.For("assessment-valid");
        var organisation = await app.OrganisationIdAsync(DemoUserSeeder.OrganisationName);
        await using (var db = await app.DbAsync())
        {
            for (var i = 0; i < 230; i++)
            {
                var user = new AppUser { UserName = $"cohort{i}@example.org", NormalizedUserName = $"COHORT{i}@EXAMPLE.ORG", Email = $"cohort{i}@example.org", NormalizedEmail = $"COHORT{i}@EXAMPLE.ORG", DisplayName = $"Deelnemer {i:000}", CreatedAtUtc = DateTime.UtcNow };
                db.Users.Add(user);
                db.OrganisationMembers.Add(new OrganisationMember { OrganisationId = organisation, UserId = user.Id, Role = OrganisationRoles.Learner, JoinedAtUtc = DateTime.UtcNow });
            }

            await db.SaveChangesAsync();
        }

        var trainer = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var demo = DemoUserSeeder.Users.Single(u => u.Email == "trainer@leerplatform.test");
        await trainer.SignInAsync(demo.Email, demo.Password);

        var page = await trainer.GetDocumentAsync($"/org/{organisation}/rapporten?module=toets-module");
        var members = 230 + DemoUserSeeder.Memberships.Count(m => m.Organisation == DemoUserSeeder.OrganisationName);
        Assert.Equal(200, page.QuerySelectorAll("[data-testid=report-progress-row]").Length);
        Assert.Equal(200, page.QuerySelectorAll("[data-testid=report-competence-row]").Length);
        Assert.Contains($"200 van {members} rijen getoond", page.QuerySelector(".show-more")!.TextContent);
        var csv = await trainer.GetStringAsync($"/api/org/{organisation}/rapporten/voortgang.csv?module=toets-module");
        Assert.Equal(members + 1, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
