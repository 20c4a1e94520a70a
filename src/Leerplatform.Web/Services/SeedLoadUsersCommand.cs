using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services;

/// <summary>
/// The <c>seed-load-users N</c> command: N learner accounts for the load test (<c>tests/Leerplatform.LoadTests</c>),
/// <c>load-00001@leerplatform.test</c> … with one shared password (<see cref="Password"/>). Bounded (at most
/// <see cref="MaxUsers"/>), idempotent, and refused in the Production environment unless <c>--allow-production</c>
/// is given: these are accounts with a published password.
/// </summary>
public static class SeedLoadUsersCommand
{
    public const int MaxUsers = 20_000;

    public const string Password = "Leerplatform-load-1";

    public static string Email(int number) => $"load-{number:00000}@leerplatform.test";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var allowProduction = args.Contains("--allow-production");
        var rest = args.Where(a => a != "--allow-production").ToArray();
        if (rest.Length == 0 || !int.TryParse(rest[0], out var count) || count < 1 || count > MaxUsers)
        {
            output.WriteLine($"Gebruik: seed-load-users N (1–{MaxUsers}) [--allow-production] [app-instellingen]");
            return 2;
        }

        await using var app = LeerplatformApp.Build(rest[1..]);
        if (app.Environment.IsProduction() && !allowProduction)
        {
            output.WriteLine("Geweigerd: seed-load-users maakt accounts met een bekend wachtwoord; niet in Production (tenzij --allow-production).");
            return 1;
        }

        var contexts = app.Services.GetRequiredService<IDbContextFactory<LeerplatformDbContext>>();
        await DataServiceCollectionExtensions.MigrateAsync(contexts);
        var added = await SeedAsync(app.Services, count);
        output.WriteLine($"{added} belastingsaccounts aangemaakt ({count - added} bestonden al); wachtwoord {Password}.");
        return 0;
    }

    /// <summary>Creates the accounts 1…<paramref name="count"/> that do not exist yet; returns how many were added.</summary>
    public static async Task<int> SeedAsync(IServiceProvider services, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxUsers);
        var contexts = services.GetRequiredService<IDbContextFactory<LeerplatformDbContext>>();
        // One hash for all: hashing is deliberately slow (PBKDF2), and thousands of accounts would take minutes.
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var hash = users.PasswordHasher.HashPassword(new AppUser(), Password);
        await using var db = await contexts.CreateDbContextAsync();
        var existing = (await db.Users.Where(u => u.Email.StartsWith("load-") && u.Email.EndsWith("@leerplatform.test")).Select(u => u.Email).ToListAsync()).ToHashSet();
        var now = DateTime.UtcNow;
        var added = 0;
        for (var i = 1; i <= count; i++)
        {
            var email = Email(i);
            if (existing.Contains(email))
            {
                continue;
            }

            db.Users.Add(new AppUser
            {
                UserName = email,
                NormalizedUserName = users.NormalizeName(email),
                Email = email,
                NormalizedEmail = users.NormalizeEmail(email),
                EmailConfirmed = true,
                DisplayName = $"Belasting {i}",
                PasswordHash = hash,
                CreatedAtUtc = now,
                // A region, so cases with regional versions start at once instead of asking.
                Region = "vl",
            });
            added++;
        }

        await db.SaveChangesAsync();
        return added;
    }
}
