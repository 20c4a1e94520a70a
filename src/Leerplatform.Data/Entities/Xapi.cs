namespace Leerplatform.Data.Entities;

/// <summary>A care organisation: its people's statements, LRS settings and statement-endpoint keys belong to it.</summary>
public sealed class Organisation
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");

    public string Name { get; set; } = string.Empty;

    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>A person's membership of an organisation, with their role there.</summary>
public sealed class OrganisationMember
{
    public string OrganisationId { get; set; } = string.Empty;

    public string UserId { get; set; } = string.Empty;

    /// <summary>One of <see cref="OrganisationRoles"/>.</summary>
    public string Role { get; set; } = OrganisationRoles.Learner;

    public DateTime JoinedAtUtc { get; set; }
}

public static class OrganisationRoles
{
    public const string Learner = "learner";
    public const string Trainer = "trainer";
    public const string Admin = "admin";

    /// <summary>Every role, from least to most rights.</summary>
    public static readonly IReadOnlyList<string> All = [Learner, Trainer, Admin];

    public static bool IsValid(string? role) => role is not null && All.Contains(role);

    /// <summary>Whether <paramref name="role"/> has at least the rights of <paramref name="minimum"/> (admin ⊃ trainer ⊃ learner).</summary>
    public static bool Includes(string? role, string minimum)
    {
        var have = role is null ? -1 : IndexOf(role);
        return have >= 0 && have >= IndexOf(minimum);
    }

    private static int IndexOf(string role) => role switch { Learner => 0, Trainer => 1, Admin => 2, _ => -1 };
}

/// <summary>
/// A stored xAPI statement. <see cref="Json"/> is the statement exactly as the LRS returns it (with id,
/// timestamp, stored, authority, version); the other columns index it for the statement endpoint's filters.
/// Rows are never changed except for <see cref="Voided"/>.
/// </summary>
public sealed class XapiStatement
{
    /// <summary>Stored order: the endpoint pages and the outbox delivers by it.</summary>
    public long Seq { get; set; }

    public string? OrganisationId { get; set; }

    public Guid StatementId { get; set; }

    public string VerbId { get; set; } = string.Empty;

    /// <summary><c>Actor.IdentityKey</c> of the actor: the "agent" filter matches it or <see cref="ObjectAgentKey"/>.</summary>
    public string? ActorKey { get; set; }

    /// <summary>The identity key of the object when it is an Agent or identified Group.</summary>
    public string? ObjectAgentKey { get; set; }

    public string? ObjectActivityId { get; set; }

    /// <summary>The statement a voiding statement voids (and any other StatementRef object).</summary>
    public Guid? ObjectStatementId { get; set; }

    public Guid? Registration { get; set; }

    public DateTime TimestampUtc { get; set; }

    public DateTime StoredUtc { get; set; }

    public bool Voided { get; set; }

    /// <summary>The learner the statement is about, when the platform recorded it (exports by person).</summary>
    public string? UserId { get; set; }

    public string? ModuleId { get; set; }

    public string Json { get; set; } = string.Empty;

    public List<XapiStatementActivity> Activities { get; set; } = [];

    public List<XapiStatementAgent> Agents { get; set; } = [];
}

/// <summary>Every activity a statement mentions (object, sub-statement, context): the related_activities filter.</summary>
public sealed class XapiStatementActivity
{
    public long StatementSeq { get; set; }

    public string ActivityId { get; set; } = string.Empty;
}

/// <summary>Every agent or group a statement mentions (actor, object, authority, context): the related_agents filter.</summary>
public sealed class XapiStatementAgent
{
    public long StatementSeq { get; set; }

    public string AgentKey { get; set; } = string.Empty;
}

/// <summary>A statement waiting to go to the organisation's LRS. Deleted once delivered; parked ones stay.</summary>
public sealed class XapiOutboxEntry
{
    public long Id { get; set; }

    public string OrganisationId { get; set; } = string.Empty;

    public long StatementSeq { get; set; }

    public XapiStatement? Statement { get; set; }

    /// <summary>Rejected by the LRS with 400: waits for an admin to fix settings and retry.</summary>
    public bool Parked { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTime EnqueuedAtUtc { get; set; }
}

/// <summary>An organisation's own LRS, where its statements are forwarded.</summary>
public sealed class LrsConnection
{
    public string OrganisationId { get; set; } = string.Empty;

    public bool Enabled { get; set; }

    /// <summary>Base URL of the statement API, ending in "/" (e.g. https://lrs.example.org/xapi/).</summary>
    public string Endpoint { get; set; } = string.Empty;

    public string Username { get; set; } = string.Empty;

    /// <summary>The password, encrypted with ASP.NET Data Protection; never shown back or logged.</summary>
    public string ProtectedPassword { get; set; } = string.Empty;

    /// <summary>"1.0.3" or "2.0.0", from the LRS's /about; null until asked.</summary>
    public string? Version { get; set; }

    public DateTime? LastSuccessUtc { get; set; }

    public DateTime? LastErrorUtc { get; set; }

    public string? LastError { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>Backoff: no delivery attempt before this moment.</summary>
    public DateTime? NextAttemptUtc { get; set; }
}

/// <summary>An HTTP Basic key for the statement endpoint, scoped to one organisation.</summary>
public sealed class XapiCredential
{
    /// <summary>The Basic user name (public, random).</summary>
    public string Key { get; set; } = string.Empty;

    public string OrganisationId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>SHA-256 of the secret; secrets are 32 random bytes, so a fast hash is enough (not a password).</summary>
    public string SecretHash { get; set; } = string.Empty;

    public bool CanWrite { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? RevokedAtUtc { get; set; }
}
