using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services.Organisations;

public sealed record OrganisationRow(string Id, string Name, int Members, int Admins, DateTime CreatedAtUtc);

/// <summary>
/// What a platform admin does: create organisations and invite their first admin. A platform admin does not
/// become a member and so never sees an organisation's people or learning records.
/// </summary>
public sealed class PlatformOrganisations(IDbContextFactory<LeerplatformDbContext> contexts, MemberService members, TimeProvider time)
{
    public async Task<IReadOnlyList<OrganisationRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Organisations.AsNoTracking()
            .Select(o => new OrganisationRow(o.Id, o.Name,
                db.OrganisationMembers.Count(m => m.OrganisationId == o.Id),
                db.OrganisationMembers.Count(m => m.OrganisationId == o.Id && m.Role == OrganisationRoles.Admin),
                o.CreatedAtUtc))
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>Creates the organisation and invites its first admin.</summary>
    public async Task<(string OrganisationId, InvitationSent Invitation)> CreateAsync(string name, string adminEmail, string createdBy, string baseUri, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        if (name.Length is < 2 or > 200)
        {
            throw new MemberException("InvalidName", "de naam van de organisatie telt 2 tot 200 tekens");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Organisations.AnyAsync(o => o.Name == name, cancellationToken))
        {
            throw new MemberException("DuplicateName", "er bestaat al een organisatie met deze naam");
        }

        var organisation = new Organisation { Name = name, CreatedAtUtc = time.GetUtcNow().UtcDateTime };
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            var invitation = await members.InviteAsync(organisation.Id, createdBy, adminEmail, OrganisationRoles.Admin, baseUri, cancellationToken);
            return (organisation.Id, invitation);
        }
        catch (MemberException)
        {
            // No organisation without a way in: undo when the admin's address is refused.
            db.Organisations.Remove(organisation);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }
}
