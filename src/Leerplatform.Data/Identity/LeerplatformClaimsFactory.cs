using System.Security.Claims;
using Leerplatform.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Leerplatform.Data.Identity;

/// <summary>Adds role and display-name claims; Identity's role-aware factory needs a role store we do not have.</summary>
public sealed class LeerplatformClaimsFactory(UserManager<AppUser> users, IOptions<IdentityOptions> options, IDbContextFactory<LeerplatformDbContext> contexts)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    public const string DisplayNameClaim = "lp:name";

    /// <summary>"true" when the user administers an organisation (menu entry for learning records and exports).
    /// Only a hint for the UI: every organisation page and export checks the membership itself.</summary>
    public const string OrganisationAdminClaim = "lp:org-admin";

    /// <summary>"true" when the user belongs to at least one organisation (menu entry "Organisaties").</summary>
    public const string MemberClaim = "lp:member";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        foreach (var role in await UserManager.GetRolesAsync(user))
        {
            identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, role));
        }

        await using var db = await contexts.CreateDbContextAsync();
        var roles = await db.OrganisationMembers.Where(m => m.UserId == user.Id).Select(m => m.Role).Distinct().ToListAsync();
        if (roles.Count > 0)
        {
            identity.AddClaim(new Claim(MemberClaim, "true"));
        }

        if (roles.Contains(OrganisationRoles.Admin))
        {
            identity.AddClaim(new Claim(OrganisationAdminClaim, "true"));
        }

        return identity;
    }
}
