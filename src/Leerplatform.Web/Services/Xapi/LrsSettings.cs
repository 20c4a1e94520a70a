using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services.Xapi;

/// <summary>A statement the LRS refused, shown with the LRS's reason.</summary>
public sealed record ParkedStatement(long OutboxId, Guid StatementId, string VerbId, string? Reason, DateTime EnqueuedAtUtc);

/// <summary>What an organisation admin sees of the forwarding: never the password.</summary>
public sealed record LrsStatus(
    bool Configured,
    bool Enabled,
    string Endpoint,
    string Username,
    bool HasPassword,
    string? Version,
    int QueueDepth,
    int ParkedCount,
    DateTime? LastSuccessUtc,
    DateTime? LastErrorUtc,
    string? LastError,
    DateTime? NextAttemptUtc,
    IReadOnlyList<ParkedStatement> Parked);

/// <summary>
/// An organisation's LRS settings. The password is encrypted with Data Protection before it is stored; it is
/// never returned, shown or logged — an empty password field on save keeps the stored one.
/// </summary>
public sealed class LrsSettings(IDbContextFactory<LeerplatformDbContext> contexts, IDataProtectionProvider protection, XapiOutboxSignal signal)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Leerplatform.LrsPassword.v1");

    public async Task<LrsStatus> GetAsync(string organisationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = await db.LrsConnections.AsNoTracking().FirstOrDefaultAsync(c => c.OrganisationId == organisationId, cancellationToken);
        var depth = await db.XapiOutbox.CountAsync(e => e.OrganisationId == organisationId && !e.Parked, cancellationToken);
        var parkedCount = await db.XapiOutbox.CountAsync(e => e.OrganisationId == organisationId && e.Parked, cancellationToken);
        var parked = await db.XapiOutbox.AsNoTracking().Where(e => e.OrganisationId == organisationId && e.Parked)
            .OrderBy(e => e.Id).Take(20)
            .Select(e => new ParkedStatement(e.Id, e.Statement!.StatementId, e.Statement.VerbId, e.LastError, e.EnqueuedAtUtc))
            .ToListAsync(cancellationToken);
        return connection is null
            ? new LrsStatus(false, false, string.Empty, string.Empty, false, null, depth, parkedCount, null, null, null, null, parked)
            : new LrsStatus(true, connection.Enabled, connection.Endpoint, connection.Username, connection.ProtectedPassword.Length > 0,
                connection.Version, depth, parkedCount, connection.LastSuccessUtc, connection.LastErrorUtc, connection.LastError,
                connection.NextAttemptUtc, parked);
    }

    /// <summary>Saves the settings; returns an error key (resource) when the endpoint is not an absolute http(s) URL.</summary>
    public async Task<string?> SaveAsync(string organisationId, string endpoint, string username, string? newPassword, bool enabled, CancellationToken cancellationToken = default)
    {
        endpoint = endpoint.Trim();
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Query))
        {
            return "Lrs_InvalidEndpoint";
        }

        if (!endpoint.EndsWith('/'))
        {
            endpoint += "/";
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = await db.LrsConnections.FirstOrDefaultAsync(c => c.OrganisationId == organisationId, cancellationToken);
        if (connection is null)
        {
            connection = new LrsConnection { OrganisationId = organisationId };
            db.LrsConnections.Add(connection);
        }

        if (connection.Endpoint != endpoint)
        {
            connection.Version = null; // another LRS: ask its /about again
        }

        connection.Endpoint = endpoint;
        connection.Username = username.Trim();
        if (!string.IsNullOrEmpty(newPassword))
        {
            connection.ProtectedPassword = _protector.Protect(newPassword);
        }

        connection.Enabled = enabled;
        connection.ConsecutiveFailures = 0;
        connection.NextAttemptUtc = null;
        await db.SaveChangesAsync(cancellationToken);
        signal.Wake();
        return null;
    }

    /// <summary>Puts every parked statement back in the queue (after the settings or the LRS were fixed).</summary>
    public async Task<int> RetryParkedAsync(string organisationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var count = await db.XapiOutbox.Where(e => e.OrganisationId == organisationId && e.Parked)
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.Parked, false).SetProperty(e => e.Attempts, 0), cancellationToken);
        await db.LrsConnections.Where(c => c.OrganisationId == organisationId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.NextAttemptUtc, (DateTime?)null).SetProperty(c => c.ConsecutiveFailures, 0), cancellationToken);
        signal.Wake();
        return count;
    }

    internal string Unprotect(string protectedPassword) =>
        protectedPassword.Length == 0 ? string.Empty : _protector.Unprotect(protectedPassword);
}
