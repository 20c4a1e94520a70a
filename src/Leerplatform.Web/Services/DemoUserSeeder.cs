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
    }
}
