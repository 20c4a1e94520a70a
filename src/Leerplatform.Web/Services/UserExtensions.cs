using System.Security.Claims;
using Leerplatform.Data.Identity;

namespace Leerplatform.Web.Services;

public static class UserExtensions
{
    /// <summary>The signed-in user's id, or null for anonymous visitors.</summary>
    public static string? UserId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(LeerplatformClaimsFactory.DisplayNameClaim) ?? user.Identity?.Name ?? string.Empty;
}
