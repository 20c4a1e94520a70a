using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services.Xapi;

/// <summary>Who is calling the statement endpoint: an organisation's key, read-only or read/write.</summary>
public sealed record XapiClient(string Key, string OrganisationId, string Name, bool CanWrite);

/// <summary>A key as shown to its organisation's admin: never the secret.</summary>
public sealed record XapiKeyView(string Key, string Name, bool CanWrite, DateTime CreatedAtUtc, DateTime? RevokedAtUtc);

/// <summary>
/// Statement-endpoint keys (HTTP Basic). The secret is shown once when created and stored only as a hash.
/// Verified keys are cached briefly so ingest does not hit the database per request; revoking clears the cache.
/// </summary>
public sealed class XapiCredentials(IDbContextFactory<LeerplatformDbContext> contexts, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (XapiCredential Credential, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async Task<(string Key, string Secret)> CreateAsync(string organisationId, string name, bool canWrite, CancellationToken cancellationToken = default)
    {
        var key = "lp_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await AddAsync(organisationId, name, canWrite, key, secret, cancellationToken);
        return (key, secret);
    }

    /// <summary>Adds a key with a given secret (the Development demo key from configuration).</summary>
    public async Task AddAsync(string organisationId, string name, bool canWrite, string key, string secret, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.XapiCredentials.Add(new XapiCredential
        {
            Key = key, OrganisationId = organisationId, Name = name, CanWrite = canWrite, SecretHash = Hash(secret),
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<XapiKeyView>> ListAsync(string organisationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.XapiCredentials.AsNoTracking().Where(c => c.OrganisationId == organisationId)
            .OrderBy(c => c.CreatedAtUtc)
            .Select(c => new XapiKeyView(c.Key, c.Name, c.CanWrite, c.CreatedAtUtc, c.RevokedAtUtc))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Revokes a key of <paramref name="organisationId"/> (another organisation's key is "not found").</summary>
    public async Task<bool> RevokeAsync(string organisationId, string key, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var credential = await db.XapiCredentials.FirstOrDefaultAsync(c => c.Key == key && c.OrganisationId == organisationId, cancellationToken);
        if (credential is null)
        {
            return false;
        }

        credential.RevokedAtUtc ??= time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        _cache.TryRemove(key, out _);
        return true;
    }

    /// <summary>Checks an <c>Authorization: Basic …</c> header; null when missing, malformed, unknown, wrong or revoked.</summary>
    public async Task<XapiClient?> AuthenticateAsync(string? authorization, CancellationToken cancellationToken = default)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        var key = decoded[..colon];
        var secret = decoded[(colon + 1)..];
        var now = time.GetUtcNow();
        XapiCredential? credential;
        if (_cache.TryGetValue(key, out var cached) && cached.Until > now)
        {
            credential = cached.Credential;
        }
        else
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            credential = await db.XapiCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.Key == key, cancellationToken);
            if (credential is null)
            {
                return null;
            }

            _cache[key] = (credential, now + CacheFor);
        }

        var matches = CryptographicOperations.FixedTimeEquals(Convert.FromHexString(credential.SecretHash), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        return matches && credential.RevokedAtUtc is null
            ? new XapiClient(credential.Key, credential.OrganisationId, credential.Name, credential.CanWrite)
            : null;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
