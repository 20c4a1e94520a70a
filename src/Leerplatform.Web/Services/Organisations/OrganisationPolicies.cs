using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Microsoft.AspNetCore.Authorization;

using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services.Organisations;

/// <summary>
/// Authorisation for everything under <c>/org/{orgId}/…</c>: the route's organisation id is checked against the
/// caller's membership and role there on every request and every interactive navigation. Pages and endpoints
/// declare the least role they need; nothing else is trusted (not claims, not the id being hard to guess).
/// </summary>
public static class OrganisationPolicies
{
    /// <summary>Any member of the organisation in the route.</summary>
    public const string Member = "org-member";

    /// <summary>Trainers and organisation admins of the organisation in the route.</summary>
    public const string Trainer = "org-trainer";

    /// <summary>Organisation admins of the organisation in the route.</summary>
    public const string Admin = "org-admin";

    /// <summary>Platform admins: manage the list of organisations (they do not see an organisation's data).</summary>
    public const string PlatformAdmin = "platform-admin";

    /// <summary>The route parameter every organisation route uses.</summary>
    public const string RouteParameter = "orgId";

    public static IServiceCollection AddOrganisationAuthorization(this IServiceCollection services)
    {
        services.AddSingleton<OrganisationAccess>();
        services.AddSingleton<IAuthorizationHandler, OrganisationRoleHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Member, p => p.RequireAuthenticatedUser().AddRequirements(new OrganisationRoleRequirement(OrganisationRoles.Learner)))
            .AddPolicy(Trainer, p => p.RequireAuthenticatedUser().AddRequirements(new OrganisationRoleRequirement(OrganisationRoles.Trainer)))
            .AddPolicy(Admin, p => p.RequireAuthenticatedUser().AddRequirements(new OrganisationRoleRequirement(OrganisationRoles.Admin)))
            .AddPolicy(PlatformAdmin, p => p.RequireRole(PlatformRoles.Admin));
        return services;
    }
}

/// <summary>The caller needs at least <paramref name="MinimumRole"/> in the organisation named by the route.</summary>
public sealed record OrganisationRoleRequirement(string MinimumRole) : IAuthorizationRequirement;

/// <summary>
/// Reads the organisation id from the route: an <see cref="HttpContext"/> when endpoint routing authorises a
/// request, a <see cref="RouteData"/> when Blazor's router authorises an interactive navigation.
/// </summary>
public sealed class OrganisationRoleHandler(OrganisationAccess access) : AuthorizationHandler<OrganisationRoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OrganisationRoleRequirement requirement)
    {
        var organisationId = context.Resource switch
        {
            HttpContext http => http.GetRouteValue(OrganisationPolicies.RouteParameter) as string,
            Microsoft.AspNetCore.Components.RouteData route => RouteValue(route),
            _ => null,
        };
        var userId = context.User.UserId();
        if (organisationId is null || userId is null)
        {
            return;
        }

        if (OrganisationRoles.Includes(await access.RoleAsync(userId, organisationId), requirement.MinimumRole))
        {
            context.Succeed(requirement);
        }
    }

    private static string? RouteValue(Microsoft.AspNetCore.Components.RouteData route)
    {
        foreach (var (key, value) in route.RouteValues)
        {
            if (string.Equals(key, OrganisationPolicies.RouteParameter, StringComparison.OrdinalIgnoreCase))
            {
                return value as string;
            }
        }

        return null;
    }
}

/// <summary>Membership lookups. No cache on purpose: a removed member or a lowered role takes effect at once.</summary>
public sealed class OrganisationAccess(IDbContextFactory<LeerplatformDbContext> contexts)
{
    private readonly DirectoryCache<string, IReadOnlyList<Membership>> _memberships = new();

    /// <returns>The user's role in the organisation, or null when they are not a member.</returns>
    public async Task<string?> RoleAsync(string userId, string organisationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.OrganisationMembers.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && m.UserId == userId)
            .Select(m => m.Role)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<bool> HasRoleAsync(string userId, string organisationId, string minimumRole, CancellationToken cancellationToken = default) =>
        OrganisationRoles.Includes(await RoleAsync(userId, organisationId, cancellationToken), minimumRole);

    /// <summary>
    /// The organisations the user belongs to, with their role, by name: for showing (the theme, menus, lists), read
    /// on every page and so cached (see <see cref="DirectoryCache{TKey,TValue}"/>). Access decisions use
    /// <see cref="RoleAsync"/>, which always reads the database.
    /// </summary>
    public async Task<IReadOnlyList<Membership>> MembershipsAsync(string userId, CancellationToken cancellationToken = default)
    {
        var rows = await _memberships.GetAsync(userId, contexts, static async (userId, contexts, cancellationToken) =>
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return (IReadOnlyList<Membership>)await (from m in db.OrganisationMembers.AsNoTracking()
                                                     join o in db.Organisations.AsNoTracking() on m.OrganisationId equals o.Id
                                                     where m.UserId == userId
                                                     select new Membership(o.Id, o.Name, m.Role)).ToListAsync(cancellationToken);
        }, cancellationToken);
        // Sorted per call: the order follows the current UI culture.
        return rows.OrderBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>
    /// Whether <paramref name="trainerId"/> may see and rate <paramref name="learnerId"/>'s work: both belong to an
    /// organisation where the trainer is trainer or admin.
    /// </summary>
    public async Task<bool> CanCoachAsync(string trainerId, string learnerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await (from t in db.OrganisationMembers
                      join l in db.OrganisationMembers on t.OrganisationId equals l.OrganisationId
                      where t.UserId == trainerId && l.UserId == learnerId
                            && (t.Role == OrganisationRoles.Trainer || t.Role == OrganisationRoles.Admin)
                      select 1).AnyAsync(cancellationToken);
    }
}

public sealed record Membership(string OrganisationId, string Name, string Role);
