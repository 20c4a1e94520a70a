namespace Leerplatform.Data.Entities;

/// <summary>
/// An account. Shaped for ASP.NET Core Identity's store interfaces (implemented in <c>Identity/</c> because the
/// Identity EF store package does not restore here). Ids are random GUIDs so they cannot be guessed from URLs.
/// </summary>
public sealed class AppUser
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");

    public string UserName { get; set; } = string.Empty;

    public string NormalizedUserName { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    public string NormalizedEmail { get; set; } = string.Empty;

    public bool EmailConfirmed { get; set; }

    /// <summary>Name shown in the UI ("Hallo, Sara").</summary>
    public string DisplayName { get; set; } = string.Empty;

    public string? PasswordHash { get; set; }

    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");

    public string ConcurrencyStamp { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>UTC end of a lockout; null or past means not locked out.</summary>
    public DateTime? LockoutEndUtc { get; set; }

    public bool LockoutEnabled { get; set; } = true;

    public int AccessFailedCount { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>
    /// Where the learner works: "vl" (Vlaanderen) or "nl" (Nederland); null until they choose. Picks the regional
    /// version of passages and cases, because laws, interpreting services and funding differ.
    /// </summary>
    public string? Region { get; set; }

    public List<AppUserRole> Roles { get; set; } = [];
}

/// <summary>A platform-wide role of a user (for now "trainer" and "admin"; organisation roles come later).</summary>
public sealed class AppUserRole
{
    public string UserId { get; set; } = string.Empty;

    /// <summary>Lower-case role name as used in authorisation policies.</summary>
    public string Role { get; set; } = string.Empty;
}

/// <summary>The role names the platform knows.</summary>
public static class PlatformRoles
{
    public const string Trainer = "trainer";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Trainer, Admin];
}
