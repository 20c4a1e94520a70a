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

    public static Task<LeerplatformDbContext> DbAsync(this AppFactory app) =>
        app.Services.GetRequiredService<IDbContextFactory<LeerplatformDbContext>>().CreateDbContextAsync();
}
