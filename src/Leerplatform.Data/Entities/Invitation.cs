namespace Leerplatform.Data.Entities;

/// <summary>
/// An invitation to join an organisation with a role. The link carries a random token; only its SHA-256 hash is
/// stored, so a copy of the database cannot be used to accept invitations. Single use and expiring.
/// </summary>
public sealed class Invitation
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");

    public string OrganisationId { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    /// <summary>Upper-case e-mail, compared with the accepting account's normalised e-mail.</summary>
    public string NormalizedEmail { get; set; } = string.Empty;

    /// <summary>One of <see cref="OrganisationRoles"/>.</summary>
    public string Role { get; set; } = OrganisationRoles.Learner;

    /// <summary>Lower-case hex SHA-256 of the token in the link.</summary>
    public string TokenHash { get; set; } = string.Empty;

    public string? InvitedByUserId { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime ExpiresAtUtc { get; set; }

    public DateTime? AcceptedAtUtc { get; set; }

    public string? AcceptedByUserId { get; set; }

    public DateTime? RevokedAtUtc { get; set; }
}
