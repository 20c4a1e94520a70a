using System.Net;
using Leerplatform.Data.Entities;
using Leerplatform.Tests.Support;
using Leerplatform.Web.Services;
using Leerplatform.Web.Services.Organisations;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Integration;

/// <summary>Members, roles and single-use expiring invitations; platform admins create organisations.</summary>
public sealed class MembershipTests
{
    private const string Base = "https://leerplatform.test/";

    private static async Task<(AppFactory App, MemberService Members, string Organisation, string Admin)> SetUpAsync(ManualClock? time = null)
    {
        var settings = new Dictionary<string, string> { ["Leerplatform:Mail:Mode"] = "file" };
        var app = time is null ? AppFactory.For("assessment-valid", settings: settings) : AppFactory.For("assessment-valid", settings: settings, services: s => s.AddSingleton<TimeProvider>(time));
        return (app, app.Services.GetRequiredService<MemberService>(), await app.OrganisationIdAsync(DemoUserSeeder.OrganisationName), await app.UserIdAsync("beheerder@leerplatform.test"));
    }

    private static string Token(InvitationSent sent) => sent.Link[(sent.Link.LastIndexOf('/') + 1)..];

    [Fact]
    public async Task AnInvitationWorksOnceForTheInvitedAddressAndGivesItsRole()
    {
        var (app, members, organisation, admin) = await SetUpAsync();
        using var _ = app;
        var sent = await members.InviteAsync(organisation, admin, "nieuw@example.org", OrganisationRoles.Trainer, Base);
        Assert.StartsWith(Base + "uitnodiging/", sent.Link);
        var someoneElse = await app.CreateUserAsync("iemand-anders@example.org");
        var invited = await app.CreateUserAsync("Nieuw@Example.org");

        var wrongPerson = await Assert.ThrowsAsync<MemberException>(() => members.AcceptAsync(Token(sent), someoneElse));
        Assert.Equal("InvitationOtherEmail", wrongPerson.Code);
        Assert.Equal(organisation, await members.AcceptAsync(Token(sent), invited));
        Assert.Equal(OrganisationRoles.Trainer, await app.Services.GetRequiredService<OrganisationAccess>().RoleAsync(invited, organisation));
        Assert.Equal("InvitationUsed", (await Assert.ThrowsAsync<MemberException>(() => members.AcceptAsync(Token(sent), invited))).Code);
        Assert.Equal(InvitationState.Used, (await members.FindAsync(Token(sent))).State);

        await using var db = await app.DbAsync();
        // Only a hash of the token is stored.
        Assert.DoesNotContain(db.Invitations.ToList(), i => i.TokenHash.Contains(Token(sent), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExpiredRevokedReplacedAndUnknownInvitationsAreRefused()
    {
        var time = new ManualClock(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        var (app, members, organisation, admin) = await SetUpAsync(time);
        using var _ = app;
        var user = await app.CreateUserAsync("later@example.org");
        var expired = await members.InviteAsync(organisation, admin, "later@example.org", OrganisationRoles.Learner, Base);
        time.Advance(MemberService.InvitationLifetime + TimeSpan.FromMinutes(1));
        Assert.Equal("InvitationExpired", (await Assert.ThrowsAsync<MemberException>(() => members.AcceptAsync(Token(expired), user))).Code);

        var first = await members.InviteAsync(organisation, admin, "later@example.org", OrganisationRoles.Learner, Base);
        var second = await members.InviteAsync(organisation, admin, "later@example.org", OrganisationRoles.Learner, Base);
        Assert.Equal("InvitationRevoked", (await Assert.ThrowsAsync<MemberException>(() => members.AcceptAsync(Token(first), user))).Code);
        var pending = Assert.Single(await members.PendingAsync(organisation), p => p.Email == "later@example.org");
        await members.RevokeAsync(organisation, pending.Id);
        Assert.Equal("InvitationRevoked", (await Assert.ThrowsAsync<MemberException>(() => members.AcceptAsync(Token(second), user))).Code);
        Assert.Equal("InvitationUnknown", (await Assert.ThrowsAsync<MemberException>(() => members.AcceptAsync("verzonnen-token", user))).Code);
    }

    [Theory]
    [InlineData("geen-adres", "learner", "InvalidEmail")]
    [InlineData("a@b", "learner", "InvalidEmail")]
    [InlineData("ok@example.org", "superuser", "UnknownRole")]
    [InlineData("leerling@leerplatform.test", "learner", "AlreadyMember")]
    public async Task BadInvitationsAreRefusedWithAReason(string email, string role, string code)
    {
        var (app, members, organisation, admin) = await SetUpAsync();
        using var _ = app;
        Assert.Equal(code, (await Assert.ThrowsAsync<MemberException>(() => members.InviteAsync(organisation, admin, email, role, Base))).Code);
    }

    [Fact]
    public async Task RolesChangeAndMembersLeaveButTheLastAdminStays()
    {
        var (app, members, organisation, admin) = await SetUpAsync();
        using var _ = app;
        var learner = await app.UserIdAsync("leerling@leerplatform.test");
        var other = await app.OrganisationIdAsync(DemoUserSeeder.SecondOrganisationName);

        await members.ChangeRoleAsync(organisation, learner, OrganisationRoles.Trainer);
        Assert.Equal(OrganisationRoles.Trainer, (await members.ListAsync(organisation)).Single(m => m.UserId == learner).Role);
        Assert.Equal("LastAdmin", (await Assert.ThrowsAsync<MemberException>(() => members.ChangeRoleAsync(organisation, admin, OrganisationRoles.Learner))).Code);
        Assert.Equal("LastAdmin", (await Assert.ThrowsAsync<MemberException>(() => members.RemoveAsync(organisation, admin))).Code);
        Assert.Equal("UnknownRole", (await Assert.ThrowsAsync<MemberException>(() => members.ChangeRoleAsync(organisation, learner, "baas"))).Code);
        // A member id of another organisation is not found through this organisation.
        Assert.Equal("NotMember", (await Assert.ThrowsAsync<MemberException>(() => members.RemoveAsync(other, learner))).Code);

        await members.ChangeRoleAsync(organisation, learner, OrganisationRoles.Admin);
        await members.ChangeRoleAsync(organisation, admin, OrganisationRoles.Learner);
        await members.RemoveAsync(organisation, admin);
        Assert.DoesNotContain(await members.ListAsync(organisation), m => m.UserId == admin);
    }

    [Fact]
    public async Task APersonCanBelongToSeveralOrganisations()
    {
        var (app, members, organisation, admin) = await SetUpAsync();
        using var _ = app;
        var other = await app.OrganisationIdAsync(DemoUserSeeder.SecondOrganisationName);
        var learner = await app.UserIdAsync("leerling@leerplatform.test");
        await app.AddMemberAsync(other, learner, OrganisationRoles.Trainer);

        var memberships = await app.Services.GetRequiredService<OrganisationAccess>().MembershipsAsync(learner);
        Assert.Equal([(organisation, OrganisationRoles.Learner), (other, OrganisationRoles.Trainer)],
            memberships.Select(m => (m.OrganisationId, m.Role)).OrderBy(m => m.OrganisationId == organisation ? 0 : 1));
    }

    [Fact]
    public async Task APlatformAdminCreatesAnOrganisationAndInvitesItsFirstAdmin()
    {
        var (app, _, _, admin) = await SetUpAsync();
        using var __ = app;
        var platform = app.Services.GetRequiredService<PlatformOrganisations>();
        var (id, sent) = await platform.CreateAsync("Woonzorg De Linde", "directie@linde.example", admin, Base);
        Assert.True(sent.Mailed);
        Assert.Contains(await platform.ListAsync(), o => o.Id == id && o.Members == 0);
        Assert.Equal("DuplicateName", (await Assert.ThrowsAsync<MemberException>(() => platform.CreateAsync("Woonzorg De Linde", "x@linde.example", admin, Base))).Code);
        Assert.Equal("InvalidEmail", (await Assert.ThrowsAsync<MemberException>(() => platform.CreateAsync("Zonder beheerder", "geen-adres", admin, Base))).Code);
        Assert.DoesNotContain(await platform.ListAsync(), o => o.Name == "Zonder beheerder");

        var directie = await app.CreateUserAsync("directie@linde.example");
        await app.Services.GetRequiredService<MemberService>().AcceptAsync(Token(sent), directie);
        Assert.Equal(OrganisationRoles.Admin, await app.Services.GetRequiredService<OrganisationAccess>().RoleAsync(directie, id));
        // The platform admin did not become a member of the new organisation.
        Assert.Null(await app.Services.GetRequiredService<OrganisationAccess>().RoleAsync(admin, id));
    }

    [Fact]
    public async Task TheInvitationPageAnswersWithTheStateOfTheLinkAndDevelopmentMailGoesToAFile()
    {
        var (app, members, organisation, admin) = await SetUpAsync();
        using var _ = app;
        var sent = await members.InviteAsync(organisation, admin, "pagina@example.org", OrganisationRoles.Learner, Base);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await client.GetAsync($"/uitnodiging/{Token(sent)}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(DemoUserSeeder.OrganisationName, html);
        Assert.Contains("email=pagina%40example.org", html);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/uitnodiging/verzonnen")).StatusCode);
        await members.RevokeAsync(organisation, (await members.PendingAsync(organisation)).Single(p => p.Email == "pagina@example.org").Id);
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync($"/uitnodiging/{Token(sent)}")).StatusCode);

        var mail = Directory.GetFiles(Path.Combine(app.DataPath, "mail"), "*.eml").Select(File.ReadAllText).Single(m => m.Contains("To: pagina@example.org", StringComparison.Ordinal));
        Assert.Contains(sent.Link, mail);
        Assert.Contains("Subject: Uitnodiging voor " + DemoUserSeeder.OrganisationName, mail);
    }
}
