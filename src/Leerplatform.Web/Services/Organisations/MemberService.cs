using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Web.Services.Mail;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services.Organisations;

public sealed record MemberRow(string UserId, string DisplayName, string Email, string Role, DateTime JoinedAtUtc);

public sealed record PendingInvitation(string Id, string Email, string Role, DateTime CreatedAtUtc, DateTime ExpiresAtUtc);

/// <summary>The state of an invitation link as the person who opens it sees it.</summary>
public enum InvitationState { Valid, Unknown, Expired, Used, Revoked }

public sealed record InvitationView(InvitationState State, string OrganisationId, string OrganisationName, string Email, string Role, DateTime ExpiresAtUtc);

/// <summary>The link of a new invitation (shown once to the admin) and whether the mail went out.</summary>
public sealed record InvitationSent(string Link, bool Mailed);

/// <summary>A refused member action; <see cref="Code"/> names the resource <c>Members_Error_{Code}</c>.</summary>
public sealed class MemberException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// Members, roles and invitations of one organisation. Every method takes the organisation id from the
/// (already authorised) route and scopes every query to it, so an id from another organisation finds nothing.
/// </summary>
public sealed class MemberService(IDbContextFactory<LeerplatformDbContext> contexts, IMailSender mail, TimeProvider time, ILogger<MemberService> logger)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    public async Task<IReadOnlyList<MemberRow>> ListAsync(string organisationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from m in db.OrganisationMembers.AsNoTracking()
                          join u in db.Users.AsNoTracking() on m.UserId equals u.Id
                          where m.OrganisationId == organisationId
                          select new MemberRow(u.Id, u.DisplayName, u.Email, m.Role, m.JoinedAtUtc)).ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.DisplayName, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    public async Task ChangeRoleAsync(string organisationId, string userId, string role, CancellationToken cancellationToken = default)
    {
        if (!OrganisationRoles.IsValid(role))
        {
            throw new MemberException("UnknownRole", $"onbekende rol '{role}'");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var member = await db.OrganisationMembers.FirstOrDefaultAsync(m => m.OrganisationId == organisationId && m.UserId == userId, cancellationToken)
                     ?? throw new MemberException("NotMember", "deze persoon is geen lid van de organisatie");
        if (member.Role == OrganisationRoles.Admin && role != OrganisationRoles.Admin)
        {
            await EnsureAnotherAdminAsync(db, organisationId, userId, cancellationToken);
        }

        member.Role = role;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RemoveAsync(string organisationId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var member = await db.OrganisationMembers.FirstOrDefaultAsync(m => m.OrganisationId == organisationId && m.UserId == userId, cancellationToken)
                     ?? throw new MemberException("NotMember", "deze persoon is geen lid van de organisatie");
        if (member.Role == OrganisationRoles.Admin)
        {
            await EnsureAnotherAdminAsync(db, organisationId, userId, cancellationToken);
        }

        // The person's learning records stay: they are theirs and belong to the statements already sent.
        db.OrganisationMembers.Remove(member);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task EnsureAnotherAdminAsync(LeerplatformDbContext db, string organisationId, string userId, CancellationToken cancellationToken)
    {
        if (!await db.OrganisationMembers.AnyAsync(m => m.OrganisationId == organisationId && m.UserId != userId && m.Role == OrganisationRoles.Admin, cancellationToken))
        {
            throw new MemberException("LastAdmin", "een organisatie heeft altijd minstens één beheerder");
        }
    }

    public async Task<IReadOnlyList<PendingInvitation>> PendingAsync(string organisationId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Invitations.AsNoTracking()
            .Where(i => i.OrganisationId == organisationId && i.AcceptedAtUtc == null && i.RevokedAtUtc == null)
            .Select(i => new PendingInvitation(i.Id, i.Email, i.Role, i.CreatedAtUtc, i.ExpiresAtUtc))
            .ToListAsync(cancellationToken);
        return rows.Where(i => i.ExpiresAtUtc > now).OrderBy(i => i.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Creates a single-use invitation, mails the link and returns it (shown once to the admin).</summary>
    /// <param name="baseUri">The site's absolute base URI, for the link in the mail.</param>
    public async Task<InvitationSent> InviteAsync(string organisationId, string invitedBy, string email, string role, string baseUri, CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        if (!IsEmail(email))
        {
            throw new MemberException("InvalidEmail", "vul een geldig e-mailadres in");
        }

        if (!OrganisationRoles.IsValid(role))
        {
            throw new MemberException("UnknownRole", $"onbekende rol '{role}'");
        }

        var normalized = email.ToUpperInvariant();
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var organisation = await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organisationId, cancellationToken)
                           ?? throw new MemberException("NotFound", "organisatie niet gevonden");
        var alreadyMember = await (from m in db.OrganisationMembers
                                   join u in db.Users on m.UserId equals u.Id
                                   where m.OrganisationId == organisationId && u.NormalizedEmail == normalized
                                   select 1).AnyAsync(cancellationToken);
        if (alreadyMember)
        {
            throw new MemberException("AlreadyMember", "deze persoon is al lid van de organisatie");
        }

        // A new invitation replaces an open one for the same address: only the newest link works.
        foreach (var open in await db.Invitations.Where(i => i.OrganisationId == organisationId && i.NormalizedEmail == normalized && i.AcceptedAtUtc == null && i.RevokedAtUtc == null).ToListAsync(cancellationToken))
        {
            open.RevokedAtUtc = now;
        }

        var token = WebEncoders(RandomNumberGenerator.GetBytes(32));
        db.Invitations.Add(new Invitation
        {
            OrganisationId = organisationId, Email = email, NormalizedEmail = normalized, Role = role,
            TokenHash = Hash(token), InvitedByUserId = invitedBy, CreatedAtUtc = now, ExpiresAtUtc = now + InvitationLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);

        var link = $"{baseUri.TrimEnd('/')}/uitnodiging/{token}";
        var mailed = await mail.SendAsync(new OutgoingMail(email, $"Uitnodiging voor {organisation.Name} op Leerplatform", InvitationText(organisation.Name, role, link, now + InvitationLifetime)), cancellationToken);
        logger.LogInformation("Invitation for organisation {Organisation} with role {Role} created; mailed: {Mailed}", organisationId, role, mailed);
        return new InvitationSent(link, mailed);
    }

    public async Task RevokeAsync(string organisationId, string invitationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.OrganisationId == organisationId, cancellationToken)
                         ?? throw new MemberException("NotFound", "uitnodiging niet gevonden");
        invitation.RevokedAtUtc ??= time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<InvitationView> FindAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var hash = Hash(token);
        var found = await (from i in db.Invitations.AsNoTracking()
                           join o in db.Organisations.AsNoTracking() on i.OrganisationId equals o.Id
                           where i.TokenHash == hash
                           select new { i, o.Name }).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return new InvitationView(InvitationState.Unknown, string.Empty, string.Empty, string.Empty, string.Empty, default);
        }

        var invitation = found.i;
        var state = invitation.AcceptedAtUtc is not null ? InvitationState.Used
            : invitation.RevokedAtUtc is not null ? InvitationState.Revoked
            : invitation.ExpiresAtUtc <= time.GetUtcNow().UtcDateTime ? InvitationState.Expired
            : InvitationState.Valid;
        return new InvitationView(state, invitation.OrganisationId, found.Name, invitation.Email, invitation.Role, invitation.ExpiresAtUtc);
    }

    /// <summary>Accepts the invitation for the signed-in user, whose e-mail must be the invited one.</summary>
    /// <returns>The organisation joined.</returns>
    public async Task<string> AcceptAsync(string token, string userId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var hash = Hash(token);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken)
                         ?? throw new MemberException("InvitationUnknown", "deze uitnodiging bestaat niet");
        if (invitation.AcceptedAtUtc is not null)
        {
            throw new MemberException("InvitationUsed", "deze uitnodiging is al gebruikt");
        }

        if (invitation.RevokedAtUtc is not null)
        {
            throw new MemberException("InvitationRevoked", "deze uitnodiging is ingetrokken");
        }

        if (invitation.ExpiresAtUtc <= now)
        {
            throw new MemberException("InvitationExpired", "deze uitnodiging is verlopen");
        }

        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, cancellationToken);
        if (!string.Equals(user.NormalizedEmail, invitation.NormalizedEmail, StringComparison.Ordinal))
        {
            throw new MemberException("InvitationOtherEmail", "deze uitnodiging is voor een ander e-mailadres");
        }

        var member = await db.OrganisationMembers.FirstOrDefaultAsync(m => m.OrganisationId == invitation.OrganisationId && m.UserId == userId, cancellationToken);
        if (member is null)
        {
            db.OrganisationMembers.Add(new OrganisationMember { OrganisationId = invitation.OrganisationId, UserId = userId, Role = invitation.Role, JoinedAtUtc = now });
        }
        else if (!OrganisationRoles.Includes(member.Role, invitation.Role))
        {
            // An invitation never lowers a role someone already has.
            member.Role = invitation.Role;
        }

        invitation.AcceptedAtUtc = now;
        invitation.AcceptedByUserId = userId;
        // Single use even when two tabs accept at once: the second save finds the row already accepted.
        var updated = await db.SaveChangesAsync(cancellationToken);
        return updated > 0 ? invitation.OrganisationId : throw new MemberException("InvitationUsed", "deze uitnodiging is al gebruikt");
    }

    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string WebEncoders(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool IsEmail(string email) =>
        email.Length is > 3 and <= 256 && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && email.Contains('.', StringComparison.Ordinal);

    private static string InvitationText(string organisation, string role, string link, DateTime expires) =>
        $"""
        Hallo,

        Je bent uitgenodigd om als {RoleName(role)} mee te doen met {organisation} op Leerplatform.

        Open deze link om de uitnodiging te aanvaarden (geldig tot {expires:yyyy-MM-dd HH:mm} UTC, één keer te gebruiken):
        {link}

        Heb je nog geen account? Maak er dan een met dit e-mailadres via dezelfde link.

        Leerplatform
        """;

    private static string RoleName(string role) => role switch
    {
        OrganisationRoles.Admin => "beheerder",
        OrganisationRoles.Trainer => "trainer",
        _ => "deelnemer",
    };
}
