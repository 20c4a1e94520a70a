using Leerplatform.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace Leerplatform.Web.Services;

/// <summary>Development accounts, listed in the README so anyone can try the platform at once.</summary>
public static class DemoUserSeeder
{
    public sealed record DemoUser(string Email, string Password, string DisplayName, string? Role);

    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("leerling@leerplatform.test", "Leerplatform-demo-1", "Sam Peeters", null),
        new("trainer@leerplatform.test", "Leerplatform-demo-2", "Noor El Amrani", PlatformRoles.Trainer),
        new("beheerder@leerplatform.test", "Leerplatform-demo-3", "Jan De Smet", PlatformRoles.Admin),
        new("leerling2@leerplatform.test", "Leerplatform-demo-4", "Lotte Janssens", null),
        new("leerling@anker.test", "Leerplatform-demo-5", "Yusuf Demir", null),
    ];

    /// <summary>The demo organisation: an admin, a trainer and two learners.</summary>
    public const string OrganisationName = "Zorgnetwerk De Brug (demo)";

    /// <summary>A second organisation with one learner, to see that organisations cannot see each other.</summary>
    public const string SecondOrganisationName = "Thuiszorg Het Anker (demo)";

    /// <summary>Who belongs where, with which role.</summary>
    public static readonly IReadOnlyList<(string Organisation, string Email, string Role)> Memberships =
    [
        (OrganisationName, "beheerder@leerplatform.test", OrganisationRoles.Admin),
        (OrganisationName, "trainer@leerplatform.test", OrganisationRoles.Trainer),
        (OrganisationName, "leerling@leerplatform.test", OrganisationRoles.Learner),
        (OrganisationName, "leerling2@leerplatform.test", OrganisationRoles.Learner),
        (SecondOrganisationName, "leerling@anker.test", OrganisationRoles.Learner),
    ];

    public static async Task SeedAsync(IServiceProvider services, ILogger logger)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        foreach (var demo in Users)
        {
            if (await users.FindByEmailAsync(demo.Email) is not null)
            {
                continue;
            }

            var user = new AppUser { UserName = demo.Email, Email = demo.Email, DisplayName = demo.DisplayName, EmailConfirmed = true };
            var result = await users.CreateAsync(user, demo.Password);
            if (!result.Succeeded)
            {
                logger.LogError("Could not seed demo user {Email}: {Errors}", demo.Email, string.Join("; ", result.Errors.Select(e => e.Description)));
                continue;
            }

            if (demo.Role is not null)
            {
                await users.AddToRoleAsync(user, demo.Role);
            }

            logger.LogInformation("Seeded demo user {Email}", demo.Email);
        }

        await SeedOrganisationAsync(scope.ServiceProvider, users, logger);
    }

    private static async Task SeedOrganisationAsync(IServiceProvider services, UserManager<AppUser> users, ILogger logger)
    {
        var contexts = services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Leerplatform.Data.LeerplatformDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var organisations = new Dictionary<string, Organisation>();
        foreach (var name in Memberships.Select(m => m.Organisation).Distinct())
        {
            var found = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(db.Organisations, o => o.Name == name);
            if (found is null)
            {
                found = new Organisation { Name = name, CreatedAtUtc = DateTime.UtcNow };
                db.Organisations.Add(found);
            }

            organisations[name] = found;
        }

        foreach (var (name, email, role) in Memberships)
        {
            var user = await users.FindByEmailAsync(email);
            if (user is not null && await db.OrganisationMembers.FindAsync(organisations[name].Id, user.Id) is null)
            {
                db.OrganisationMembers.Add(new OrganisationMember { OrganisationId = organisations[name].Id, UserId = user.Id, JoinedAtUtc = DateTime.UtcNow, Role = role });
            }
        }

        await db.SaveChangesAsync();
        var organisation = organisations[OrganisationName];
        var xapi = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Xapi.XapiOptions>>().Value;
        if (xapi.DemoKey is { Length: > 0 } key && xapi.DemoSecret is { Length: > 0 } secret && await db.XapiCredentials.FindAsync(key) is null)
        {
            await services.GetRequiredService<Xapi.XapiCredentials>().AddAsync(organisation.Id, "Demo (lezen en schrijven)", canWrite: true, key, secret);
            logger.LogInformation("Seeded the demo statement-endpoint key {Key}", key);
        }
    }
}
