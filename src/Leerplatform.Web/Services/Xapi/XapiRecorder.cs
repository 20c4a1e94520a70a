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
        var learner = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new
            {
                u.DisplayName,
                OrganisationId = db.OrganisationMembers.Where(m => m.UserId == u.Id).OrderBy(m => m.JoinedAtUtc).Select(m => m.OrganisationId).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("Unknown learner.");
        var owner = organisationId
                    ?? (moduleId is null ? null : await db.WorkspaceModules.Where(m => m.ModuleId == moduleId).Select(m => m.OrganisationId).FirstOrDefaultAsync(cancellationToken));
        if (owner is not null && owner != learner.OrganisationId
            && await db.OrganisationMembers.AnyAsync(m => m.UserId == userId && m.OrganisationId == owner, cancellationToken))
        {
            learner = learner with { OrganisationId = owner };
        }

        // Queued whenever an LRS is configured; "enabled" only pauses delivery, so a pause loses nothing.
        var forward = learner.OrganisationId is not null
                      && await db.LrsConnections.AnyAsync(c => c.OrganisationId == learner.OrganisationId, cancellationToken);
        return new XapiSession(db, Statements, new XapiLearner(userId, learner.DisplayName, learner.OrganisationId, forward), signal,
            code => catalog?.Current.FindCompetence(code)?.Name);
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

    /// <summary>The framework's name of a competence code ("Werken met tolken"), for readable competence activities.</summary>
    public string? CompetenceName(string code) => competenceName?.Invoke(code);

    public void Add(Statement statement, string? moduleId, DateTime now)
    {
        XapiStore.Add(db, statement, new StatementOrigin(Learner.OrganisationId, Learner.UserId, moduleId), Statements.Authority, XapiVersion.V1_0_3, now, Learner.Forward);
        Added++;
        if (Learner.Forward)
        {
            // Wakes the outbox after this action commits (a missed wake-up only delays delivery to the next poll).
            db.SavedChanges += (_, _) => signal.Wake();
        }
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
