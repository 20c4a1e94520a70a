using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Tests.Support;

public static class AppFactoryExtensions
{
    /// <summary>Creates an account directly through Identity (for tests that call services, not pages).</summary>
    public static async Task<string> CreateUserAsync(this AppFactory app, string email)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, DisplayName = email };
        Assert.True((await users.CreateAsync(user, "een lang wachtwoord")).Succeeded);
        return user.Id;
    }

    /// <summary>The id of a (seeded) organisation by its name.</summary>
    public static async Task<string> OrganisationIdAsync(this AppFactory app, string name)
    {
        await using var db = await app.DbAsync();
        return await db.Organisations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    public static async Task AddMemberAsync(this AppFactory app, string organisationId, string userId, string role)
    {
        await using var db = await app.DbAsync();
        db.OrganisationMembers.Add(new OrganisationMember { OrganisationId = organisationId, UserId = userId, Role = role, JoinedAtUtc = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    public static async Task<string> UserIdAsync(this AppFactory app, string email)
    {
        await using var db = await app.DbAsync();
        return await db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.Id).SingleAsync();
    }

    public static Task<LeerplatformDbContext> DbAsync(this AppFactory app) =>
        app.Services.GetRequiredService<IDbContextFactory<LeerplatformDbContext>>().CreateDbContextAsync();

    /// <summary>Creates an organisation with a statement-endpoint key; returns its id and the Basic credentials.</summary>
    public static async Task<(string OrganisationId, string Key, string Secret)> CreateOrganisationAsync(this AppFactory app, string name, bool canWrite = true, params string[] memberUserIds)
    {
        await using (var db = await app.DbAsync())
        {
            var organisation = new Organisation { Name = name, CreatedAtUtc = DateTime.UtcNow };
            db.Organisations.Add(organisation);
            foreach (var userId in memberUserIds)
            {
                db.OrganisationMembers.Add(new OrganisationMember { OrganisationId = organisation.Id, UserId = userId, JoinedAtUtc = DateTime.UtcNow });
            }

            await db.SaveChangesAsync();
            var (key, secret) = await app.Services.GetRequiredService<Leerplatform.Web.Services.Xapi.XapiCredentials>()
                .CreateAsync(organisation.Id, name + " key", canWrite);
            return (organisation.Id, key, secret);
        }
    }

    /// <summary>An HTTP client for the statement endpoint with Basic credentials and a version header.</summary>
    public static HttpClient XapiClient(this AppFactory app, string key, string secret, string? version = "1.0.3")
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{key}:{secret}")));
        if (version is not null)
        {
            client.DefaultRequestHeaders.Add("X-Experience-API-Version", version);
        }

        return client;
    }
}
