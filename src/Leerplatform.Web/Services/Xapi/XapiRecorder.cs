using Leerplatform.Core.Content;
using Leerplatform.Core.Xapi;
using Leerplatform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Leerplatform.Web.Services.Xapi;

/// <summary>Opens an <see cref="XapiSession"/> on the caller's DbContext for one learner action.</summary>
public sealed class XapiRecorder(IOptions<XapiOptions> options, XapiOutboxSignal signal, ContentCatalog? catalog = null)
{
    public LearningStatements Statements { get; } = new(options.Value);

    /// <summary>Looks up who the learner is for xAPI (name, organisation, forwarding) in the caller's context.</summary>
    /// <param name="moduleId">
    /// The module the action is about. An organisation's own module files its statements with that organisation
    /// (its LRS, its exports), also for a learner who belongs to several; otherwise the learner's first organisation.
    /// </param>
    /// <param name="organisationId">An organisation the action happens in (a review), when the learner is a member of it.</param>
    public async Task<XapiSession> BeginAsync(LeerplatformDbContext db, string userId, CancellationToken cancellationToken, string? moduleId = null, string? organisationId = null)
    {
        // Runs on every learner action (issue 8), so it is cached per learner and module; memberships, names, module
        // owners and LRS connections are directory facts, and any change to them outdates the entry.
        var learner = await _identities.GetAsync(new IdentityKey(userId, moduleId, organisationId), db, static (key, db, cancellationToken) => ReadAsync(db, key, cancellationToken), cancellationToken);
        return new XapiSession(db, Statements, learner, signal, code => catalog?.Current.FindCompetence(code)?.Name);
    }

    private readonly DirectoryCache<IdentityKey, XapiLearner> _identities = new();

    private readonly record struct IdentityKey(string UserId, string? ModuleId, string? OrganisationId);

    private static async Task<XapiLearner> ReadAsync(LeerplatformDbContext db, IdentityKey key, CancellationToken cancellationToken)
    {
        var (userId, moduleId, organisationId) = key;
        // One query: name, first organisation, the module's owner, and whether the learner belongs to the owner
        // and which of the two forwards to an LRS.
        var learner = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new
            {
                u.DisplayName,
                First = db.OrganisationMembers.Where(m => m.UserId == u.Id).OrderBy(m => m.JoinedAtUtc).Select(m => m.OrganisationId).FirstOrDefault(),
                Owner = organisationId ?? db.WorkspaceModules.Where(m => m.ModuleId == moduleId).Select(m => m.OrganisationId).FirstOrDefault(),
            })
            .Select(r => new
            {
                r.DisplayName,
                r.First,
                r.Owner,
                OwnerMember = r.Owner != null && db.OrganisationMembers.Any(m => m.UserId == userId && m.OrganisationId == r.Owner),
                FirstForwards = r.First != null && db.LrsConnections.Any(c => c.OrganisationId == r.First),
                OwnerForwards = r.Owner != null && db.LrsConnections.Any(c => c.OrganisationId == r.Owner),
            })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("Unknown learner.");
        var useOwner = learner.Owner is not null && learner.Owner != learner.First && learner.OwnerMember;
        var organisation = useOwner ? learner.Owner : learner.First;

        // Queued whenever an LRS is configured; "enabled" only pauses delivery, so a pause loses nothing.
        var forward = useOwner ? learner.OwnerForwards : learner.FirstForwards;
        return new XapiLearner(userId, learner.DisplayName, organisation, forward);
    }
}

/// <summary>
/// Statements of one learner action, added to the caller's DbContext so they are committed in the same
/// transaction as the state change (answer, page view, decision) that caused them.
/// </summary>
public sealed class XapiSession(LeerplatformDbContext db, LearningStatements statements, XapiLearner learner, XapiOutboxSignal signal, Func<string, string?>? competenceName = null)
{
    public LearningStatements Statements { get; } = statements;

    public XapiLearner Learner { get; } = learner;

    public int Added { get; private set; }

    /// <summary>Statements waiting for the next SaveChanges of the caller's context.</summary>
    private List<Data.Entities.XapiStatement>? _pending;

    /// <summary>The framework's name of a competence code ("Werken met tolken"), for readable competence activities.</summary>
    public string? CompetenceName(string code) => competenceName?.Invoke(code);

    public void Add(Statement statement, string? moduleId, DateTime now)
    {
        var row = XapiStore.Prepare(statement, new StatementOrigin(Learner.OrganisationId, Learner.UserId, moduleId), Statements.Authority, XapiVersion.V1_0_3, now);
        Added++;
        // Inserted with prepared SQL right after the caller's changes, in the same transaction: the action and
        // its statements are stored together or not at all, without tracking ~8 entities per statement in EF
        // while the write lock is held (issue 8).
        if (_pending is null)
        {
            _pending = [];
            var outbox = Learner.Forward ? Learner.OrganisationId : null;
            db.AfterSave(async (context, cancellationToken) =>
            {
                // Statements added after this save (a second SaveChanges in the same action) register anew.
                var rows = _pending;
                _pending = null;
                await XapiBulkInsert.InsertAsync(context, rows, outbox, now, cancellationToken);
            });
            if (Learner.Forward)
            {
                // Wakes the outbox once this action committed (a missed wake-up only delays delivery to the next poll).
                db.AfterCommit(signal.Wake);
            }
        }

        _pending.Add(row);
    }

    public void Module(LearningModule module, Guid registration, string verb, DateTime now, Core.Xapi.Result? result = null) =>
        Add(Statements.ModuleEvent(Learner, module, registration, verb, now, result), module.Id, now);
}

/// <summary>Wakes the outbox worker when new statements wait, so delivery does not wait for the next poll.</summary>
public sealed class XapiOutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _signal.WaitAsync(timeout, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }
}
