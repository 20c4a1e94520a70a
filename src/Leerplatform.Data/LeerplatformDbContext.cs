using Leerplatform.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Leerplatform.Data;

/// <summary>
/// The platform's database. Created per operation through <c>IDbContextFactory</c>: a Blazor circuit lives
/// for minutes or hours and must never hold one context (not thread-safe, grows its change tracker).
/// </summary>
public sealed class LeerplatformDbContext : DbContext
{
    public LeerplatformDbContext(DbContextOptions<LeerplatformDbContext> options)
        : base(options)
    {
        // Every SaveChanges in a transaction, also a single statement, so it queues at SqliteWriteGate instead of
        // blocking a thread in SQLite's busy handler.
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        // A write transaction is all or nothing (a failed action rolls back and runs again whole), so the savepoint EF
        // would set and release around every SaveChanges inside one is two statements of work for nothing (issue 8).
        Database.AutoSavepointsEnabled = false;
    }

    public DbSet<AppUser> Users => Set<AppUser>();

    public DbSet<AppUserRole> UserRoles => Set<AppUserRole>();

    public DbSet<ModuleProgress> ModuleProgress => Set<ModuleProgress>();

    public DbSet<PageView> PageViews => Set<PageView>();

    public DbSet<QuizAttempt> QuizAttempts => Set<QuizAttempt>();

    public DbSet<ScenarioRun> ScenarioRuns => Set<ScenarioRun>();

    public DbSet<LearnerResponse> LearnerResponses => Set<LearnerResponse>();

    public DbSet<CompetenceEvidence> CompetenceEvidence => Set<CompetenceEvidence>();

    public DbSet<CompetenceSummary> CompetenceSummaries => Set<CompetenceSummary>();

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<OrganisationMember> OrganisationMembers => Set<OrganisationMember>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<WorkspaceModule> WorkspaceModules => Set<WorkspaceModule>();

    public DbSet<WorkspaceFile> WorkspaceFiles => Set<WorkspaceFile>();

    public DbSet<ModuleVersion> ModuleVersions => Set<ModuleVersion>();

    public DbSet<OrganisationTheme> OrganisationThemes => Set<OrganisationTheme>();

    public DbSet<ReviewFeedback> ReviewFeedback => Set<ReviewFeedback>();

    public DbSet<AssignmentSubmission> AssignmentSubmissions => Set<AssignmentSubmission>();

    public DbSet<XapiStatement> XapiStatements => Set<XapiStatement>();

    public DbSet<XapiStatementActivity> XapiStatementActivities => Set<XapiStatementActivity>();

    public DbSet<XapiStatementAgent> XapiStatementAgents => Set<XapiStatementAgent>();

    public DbSet<XapiOutboxEntry> XapiOutbox => Set<XapiOutboxEntry>();

    public DbSet<LrsConnection> LrsConnections => Set<LrsConnection>();

    public DbSet<XapiCredential> XapiCredentials => Set<XapiCredential>();

    private List<Func<LeerplatformDbContext, CancellationToken, Task>>? _afterSave;
    private List<Action>? _afterCommit;

    /// <summary>While the context saves inside a group commit: its after-commit actions, run once the batch has committed.</summary>
    private List<Action>? _batchCommitted;

    internal void EnterBatch() => _batchCommitted = [];

    internal List<Action> LeaveBatch()
    {
        var actions = _batchCommitted ?? [];
        _batchCommitted = null;
        return actions;
    }

    /// <summary>Set when a save touched directory facts; the commit that makes it visible bumps <see cref="DirectoryVersion"/>.</summary>
    private bool _directoryChanged;

    internal bool TakeDirectoryChange()
    {
        var changed = _directoryChanged;
        _directoryChanged = false;
        return changed;
    }

    /// <summary>
    /// Work for the same transaction, run right after the tracked changes are saved: raw inserts that would cost
    /// more through the change tracker (xAPI statements with their index rows, issue 8). Runs once, with the next
    /// SaveChanges; if that fails, nothing of it is written.
    /// </summary>
    public void AfterSave(Func<LeerplatformDbContext, CancellationToken, Task> work) => (_afterSave ??= []).Add(work);

    /// <summary>Called once the next SaveChanges has committed (or, inside a caller's transaction, has saved).</summary>
    public void AfterCommit(Action action) => (_afterCommit ??= []).Add(action);

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        if (autoDetect)
        {
            // Detected once here instead of again in the base save, so looking for directory changes costs no second pass.
            ChangeTracker.DetectChanges();
            ChangeTracker.AutoDetectChangesEnabled = false;
        }

        try
        {
            _directoryChanged |= TouchesDirectory();
            return await SaveDetectedAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private bool TouchesDirectory()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Unchanged or EntityState.Detached) && DirectoryVersion.IsDirectory(entry.Entity))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<int> SaveDetectedAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        if (SqliteWriteGate.Instance.BatchFor(this) is { } batch)
        {
            // No transaction of the caller's: the save joins the group commit instead of starting its own.
            var saved = 0;
            await batch.RunAsync(this, async () => saved = await SaveDetectedAsync(acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
            return saved;
        }

        var work = _afterSave;
        var committed = _afterCommit;
        if (work is null && committed is null)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        _afterSave = null;
        _afterCommit = null;
        int count;
        if (Database.CurrentTransaction is not null)
        {
            count = await SaveWithAsync(work, acceptAllChangesOnSuccess, cancellationToken);
        }
        else
        {
            // Not posted back to the caller's context while this holds the write gate (see SqliteWriteGate).
            await using var transaction = await Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            count = await SaveWithAsync(work, acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_batchCommitted is not null)
        {
            // In a group commit: "committed" means when the batch commits (see GroupCommit).
            _batchCommitted.AddRange(committed ?? []);
        }
        else
        {
            foreach (var action in committed ?? [])
            {
                action();
            }
        }

        return count;
    }

    /// <summary>A pooled context is reused: work registered but never saved must not run with the next user's save.</summary>
    public override void Dispose()
    {
        _afterSave = null;
        _afterCommit = null;
        _batchCommitted = null;
        ForgetDirectoryChange();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        _afterSave = null;
        _afterCommit = null;
        _batchCommitted = null;
        ForgetDirectoryChange();
        return base.DisposeAsync();
    }

    /// <summary>Disposed inside a transaction that saved directory changes: bump anyway (a needless re-read costs little).</summary>
    private void ForgetDirectoryChange()
    {
        if (TakeDirectoryChange())
        {
            DirectoryVersion.Bump();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        // SQLite work completes synchronously, so this blocks no more than the synchronous base method would.
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    private async Task<int> SaveWithAsync(List<Func<LeerplatformDbContext, CancellationToken, Task>>? work, bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var item in work ?? [])
            {
                await item(this, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (System.Data.Common.DbException exception)
        {
            // Callers handle a refused save in one way, whichever part of it the database refused.
            throw new DbUpdateException("The database refused rows saved with these changes.", exception);
        }

        return count;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite stores DateTime as text without a kind; everything is UTC, so say so on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AppUser>(user =>
        {
            user.ToTable("Users");
            user.HasKey(u => u.Id);
            user.Property(u => u.Id).HasMaxLength(64);
            user.Property(u => u.UserName).HasMaxLength(256).IsRequired();
            user.Property(u => u.NormalizedUserName).HasMaxLength(256).IsRequired();
            user.Property(u => u.Email).HasMaxLength(256).IsRequired();
            user.Property(u => u.NormalizedEmail).HasMaxLength(256).IsRequired();
            user.Property(u => u.DisplayName).HasMaxLength(100).IsRequired();
            user.Property(u => u.Region).HasMaxLength(8);
            user.Property(u => u.ConcurrencyStamp).IsConcurrencyToken();
            user.HasIndex(u => u.NormalizedUserName).IsUnique();
            user.HasIndex(u => u.NormalizedEmail).IsUnique();
            user.HasMany(u => u.Roles).WithOne().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AppUserRole>(role =>
        {
            role.ToTable("UserRoles");
            role.HasKey(r => new { r.UserId, r.Role });
            role.Property(r => r.Role).HasMaxLength(32);
        });

        modelBuilder.Entity<ModuleProgress>(progress =>
        {
            progress.ToTable("ModuleProgress");
            progress.HasKey(p => p.Id);
            progress.Property(p => p.UserId).HasMaxLength(64).IsRequired();
            progress.Property(p => p.ModuleId).HasMaxLength(64).IsRequired();
            progress.Property(p => p.ModuleVersion).HasMaxLength(32).IsRequired();
            progress.Property(p => p.CurrentPageId).HasMaxLength(128).IsRequired();
            progress.HasIndex(p => new { p.UserId, p.ModuleId }).IsUnique();
            progress.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
            progress.HasMany(p => p.PageViews).WithOne().HasForeignKey(v => v.ModuleProgressId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<QuizAttempt>(attempt =>
        {
            attempt.ToTable("QuizAttempts");
            attempt.HasKey(a => a.Id);
            attempt.Property(a => a.UserId).HasMaxLength(64).IsRequired();
            attempt.Property(a => a.ModuleId).HasMaxLength(64).IsRequired();
            attempt.Property(a => a.ModuleVersion).HasMaxLength(32).IsRequired();
            attempt.Property(a => a.PageId).HasMaxLength(128).IsRequired();
            attempt.Property(a => a.QuizId).HasMaxLength(128).IsRequired();
            attempt.Property(a => a.StateJson).IsRequired();
            attempt.Property(a => a.Revision).IsConcurrencyToken();
            attempt.HasIndex(a => new { a.UserId, a.ModuleId, a.QuizId, a.AttemptNumber }).IsUnique();
            attempt.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ScenarioRun>(run =>
        {
            run.ToTable("ScenarioRuns");
            run.HasKey(r => r.Id);
            run.Property(r => r.UserId).HasMaxLength(64).IsRequired();
            run.Property(r => r.ModuleId).HasMaxLength(64).IsRequired();
            run.Property(r => r.ModuleVersion).HasMaxLength(32).IsRequired();
            run.Property(r => r.PageId).HasMaxLength(128).IsRequired();
            run.Property(r => r.ScenarioId).HasMaxLength(128).IsRequired();
            run.Property(r => r.StateJson).IsRequired();
            run.Property(r => r.Outcome).HasMaxLength(16);
            run.Property(r => r.Revision).IsConcurrencyToken();
            run.HasIndex(r => new { r.UserId, r.ModuleId, r.ScenarioId, r.RunNumber }).IsUnique();
            run.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<LearnerResponse>(response =>
        {
            response.ToTable("LearnerResponses");
            response.HasKey(r => r.Id);
            response.Property(r => r.UserId).HasMaxLength(64).IsRequired();
            response.Property(r => r.ModuleId).HasMaxLength(64).IsRequired();
            response.Property(r => r.ActivityId).HasMaxLength(128).IsRequired();
            response.Property(r => r.Kind).HasMaxLength(16).IsRequired();
            response.Property(r => r.ItemId).HasMaxLength(128).IsRequired();
            response.Property(r => r.ResponseJson).IsRequired();
            response.HasIndex(r => new { r.UserId, r.AtUtc });
            response.HasIndex(r => r.AttemptId);
            // Organisation reports: a member's decisions (or answers) in a module without reading their whole log.
            response.HasIndex(r => new { r.UserId, r.Kind, r.ModuleId });
            response.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CompetenceEvidence>(evidence =>
        {
            evidence.ToTable("CompetenceEvidence");
            evidence.HasKey(e => e.Id);
            evidence.Property(e => e.UserId).HasMaxLength(64).IsRequired();
            evidence.Property(e => e.Competence).HasMaxLength(8).IsRequired();
            evidence.Property(e => e.Kind).HasMaxLength(16).IsRequired();
            evidence.Property(e => e.ModuleId).HasMaxLength(64).IsRequired();
            evidence.Property(e => e.ActivityId).HasMaxLength(128).IsRequired();
            evidence.Property(e => e.PageId).HasMaxLength(128).IsRequired();
            evidence.Property(e => e.ItemId).HasMaxLength(128).IsRequired();
            evidence.Property(e => e.ChoiceId).HasMaxLength(160);
            evidence.Property(e => e.RaterUserId).HasMaxLength(64);
            evidence.Property(e => e.Reason).HasMaxLength(2000);
            evidence.HasIndex(e => new { e.UserId, e.Competence, e.Id });
            evidence.HasOne<AppUser>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CompetenceSummary>(summary =>
        {
            summary.ToTable("CompetenceSummaries");
            summary.HasKey(s => new { s.UserId, s.Competence });
            summary.Property(s => s.UserId).HasMaxLength(64);
            summary.Property(s => s.Competence).HasMaxLength(8);
            summary.Property(s => s.StateJson).IsRequired();
            summary.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Organisation>(organisation =>
        {
            organisation.ToTable("Organisations");
            organisation.HasKey(o => o.Id);
            organisation.Property(o => o.Id).HasMaxLength(64);
            organisation.Property(o => o.Name).HasMaxLength(200).IsRequired();
        });

        modelBuilder.Entity<OrganisationMember>(member =>
        {
            member.ToTable("OrganisationMembers");
            member.HasKey(m => new { m.OrganisationId, m.UserId });
            member.Property(m => m.OrganisationId).HasMaxLength(64);
            member.Property(m => m.UserId).HasMaxLength(64);
            member.Property(m => m.Role).HasMaxLength(16).IsRequired();
            member.HasIndex(m => m.UserId);
            member.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Cascade);
            member.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<XapiStatement>(statement =>
        {
            statement.ToTable("XapiStatements");
            statement.HasKey(s => s.Seq);
            statement.Property(s => s.OrganisationId).HasMaxLength(64);
            statement.Property(s => s.VerbId).HasMaxLength(512).IsRequired();
            statement.Property(s => s.ActorKey).HasMaxLength(600);
            statement.Property(s => s.ObjectAgentKey).HasMaxLength(600);
            statement.Property(s => s.ObjectActivityId).HasMaxLength(1000);
            statement.Property(s => s.UserId).HasMaxLength(64);
            statement.Property(s => s.ModuleId).HasMaxLength(64);
            statement.Property(s => s.Json).IsRequired();
            statement.HasIndex(s => new { s.OrganisationId, s.StatementId }).IsUnique();
            statement.HasIndex(s => new { s.OrganisationId, s.VerbId, s.Seq });
            statement.HasIndex(s => new { s.OrganisationId, s.ActorKey, s.Seq });
            statement.HasIndex(s => new { s.OrganisationId, s.ObjectAgentKey });
            statement.HasIndex(s => new { s.OrganisationId, s.ObjectActivityId, s.Seq });
            statement.HasIndex(s => new { s.OrganisationId, s.Registration });
            statement.HasIndex(s => new { s.OrganisationId, s.ObjectStatementId });
            statement.HasIndex(s => new { s.UserId, s.ModuleId });
            statement.HasMany(s => s.Activities).WithOne().HasForeignKey(a => a.StatementSeq).OnDelete(DeleteBehavior.Cascade);
            statement.HasMany(s => s.Agents).WithOne().HasForeignKey(a => a.StatementSeq).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<XapiStatementActivity>(activity =>
        {
            activity.ToTable("XapiStatementActivities");
            activity.HasKey(a => new { a.ActivityId, a.StatementSeq });
            activity.Property(a => a.ActivityId).HasMaxLength(1000);
        });

        modelBuilder.Entity<XapiStatementAgent>(agent =>
        {
            agent.ToTable("XapiStatementAgents");
            agent.HasKey(a => new { a.AgentKey, a.StatementSeq });
            agent.Property(a => a.AgentKey).HasMaxLength(600);
        });

        modelBuilder.Entity<XapiOutboxEntry>(entry =>
        {
            entry.ToTable("XapiOutbox");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.OrganisationId).HasMaxLength(64).IsRequired();
            entry.Property(e => e.LastError).HasMaxLength(2000);
            entry.HasIndex(e => new { e.OrganisationId, e.Parked, e.Id });
            entry.HasOne(e => e.Statement).WithMany().HasForeignKey(e => e.StatementSeq).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<LrsConnection>(connection =>
        {
            connection.ToTable("LrsConnections");
            connection.HasKey(c => c.OrganisationId);
            connection.Property(c => c.OrganisationId).HasMaxLength(64);
            connection.Property(c => c.Endpoint).HasMaxLength(500).IsRequired();
            connection.Property(c => c.Username).HasMaxLength(200).IsRequired();
            connection.Property(c => c.ProtectedPassword).IsRequired();
            connection.Property(c => c.Version).HasMaxLength(16);
            connection.Property(c => c.LastError).HasMaxLength(2000);
            connection.HasOne<Organisation>().WithOne().HasForeignKey<LrsConnection>(c => c.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<XapiCredential>(credential =>
        {
            credential.ToTable("XapiCredentials");
            credential.HasKey(c => c.Key);
            credential.Property(c => c.Key).HasMaxLength(64);
            credential.Property(c => c.OrganisationId).HasMaxLength(64).IsRequired();
            credential.Property(c => c.Name).HasMaxLength(100).IsRequired();
            credential.Property(c => c.SecretHash).HasMaxLength(64).IsRequired();
            credential.HasIndex(c => c.OrganisationId);
            credential.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Invitation>(invitation =>
        {
            invitation.ToTable("Invitations");
            invitation.HasKey(i => i.Id);
            invitation.Property(i => i.Id).HasMaxLength(64);
            invitation.Property(i => i.OrganisationId).HasMaxLength(64).IsRequired();
            invitation.Property(i => i.Email).HasMaxLength(256).IsRequired();
            invitation.Property(i => i.NormalizedEmail).HasMaxLength(256).IsRequired();
            invitation.Property(i => i.Role).HasMaxLength(16).IsRequired();
            invitation.Property(i => i.TokenHash).HasMaxLength(64).IsRequired();
            invitation.Property(i => i.InvitedByUserId).HasMaxLength(64);
            invitation.Property(i => i.AcceptedByUserId).HasMaxLength(64);
            invitation.HasIndex(i => i.TokenHash).IsUnique();
            invitation.HasIndex(i => i.OrganisationId);
            invitation.HasOne<Organisation>().WithMany().HasForeignKey(i => i.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<WorkspaceModule>(module =>
        {
            module.ToTable("WorkspaceModules");
            module.HasKey(m => m.Id);
            module.Property(m => m.Id).HasMaxLength(64);
            module.Property(m => m.OrganisationId).HasMaxLength(64).IsRequired();
            module.Property(m => m.ModuleId).HasMaxLength(64).IsRequired();
            module.Property(m => m.Title).HasMaxLength(200).IsRequired();
            module.Property(m => m.CreatedByUserId).HasMaxLength(64).IsRequired();
            module.HasIndex(m => m.ModuleId).IsUnique();
            module.HasIndex(m => m.OrganisationId);
            module.HasOne<Organisation>().WithMany().HasForeignKey(m => m.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<WorkspaceFile>(file =>
        {
            file.ToTable("WorkspaceFiles");
            file.HasKey(f => new { f.WorkspaceModuleId, f.Path });
            file.Property(f => f.WorkspaceModuleId).HasMaxLength(64);
            file.Property(f => f.Path).HasMaxLength(260);
            file.Property(f => f.Content).IsRequired();
            file.Property(f => f.UpdatedByUserId).HasMaxLength(64);
            file.HasOne<WorkspaceModule>().WithMany().HasForeignKey(f => f.WorkspaceModuleId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ModuleVersion>(version =>
        {
            version.ToTable("ModuleVersions");
            version.HasKey(v => new { v.WorkspaceModuleId, v.Number });
            version.Property(v => v.WorkspaceModuleId).HasMaxLength(64);
            version.Property(v => v.Package).IsRequired();
            version.Property(v => v.PackageHash).HasMaxLength(64).IsRequired();
            version.Property(v => v.Title).HasMaxLength(200).IsRequired();
            version.Property(v => v.PublishedByUserId).HasMaxLength(64).IsRequired();
            version.Property(v => v.Note).HasMaxLength(1000);
            version.HasOne<WorkspaceModule>().WithMany().HasForeignKey(v => v.WorkspaceModuleId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<OrganisationTheme>(theme =>
        {
            theme.ToTable("OrganisationThemes");
            theme.HasKey(t => t.OrganisationId);
            theme.Property(t => t.OrganisationId).HasMaxLength(64);
            theme.Property(t => t.ThemeName).HasMaxLength(64).IsRequired();
            theme.Property(t => t.AccentColour).HasMaxLength(7);
            theme.Property(t => t.LogoContentType).HasMaxLength(32);
            theme.Property(t => t.LogoHash).HasMaxLength(64);
            theme.Property(t => t.LogoAlt).HasMaxLength(200);
            theme.Property(t => t.UpdatedByUserId).HasMaxLength(64);
            theme.HasOne<Organisation>().WithOne().HasForeignKey<OrganisationTheme>(t => t.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ReviewFeedback>(feedback =>
        {
            feedback.ToTable("ReviewFeedback");
            feedback.HasKey(f => f.Id);
            feedback.Property(f => f.OrganisationId).HasMaxLength(64).IsRequired();
            feedback.Property(f => f.LearnerUserId).HasMaxLength(64).IsRequired();
            feedback.Property(f => f.TrainerUserId).HasMaxLength(64).IsRequired();
            feedback.Property(f => f.Comment).HasMaxLength(2000).IsRequired();
            feedback.Property(f => f.Competence).HasMaxLength(8);
            feedback.HasIndex(f => f.ResponseId);
            feedback.HasIndex(f => new { f.LearnerUserId, f.Id });
            feedback.HasIndex(f => f.OrganisationId);
            feedback.HasOne<LearnerResponse>().WithMany().HasForeignKey(f => f.ResponseId).OnDelete(DeleteBehavior.Cascade);
            feedback.HasOne<AppUser>().WithMany().HasForeignKey(f => f.LearnerUserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AssignmentSubmission>(submission =>
        {
            submission.ToTable("AssignmentSubmissions");
            submission.HasKey(s => s.Id);
            submission.Property(s => s.UserId).HasMaxLength(64).IsRequired();
            submission.Property(s => s.PathId).HasMaxLength(64).IsRequired();
            submission.Property(s => s.AssignmentSlug).HasMaxLength(64).IsRequired();
            submission.Property(s => s.Text).HasMaxLength(10_000).IsRequired();
            submission.HasIndex(s => new { s.UserId, s.PathId, s.AssignmentSlug, s.Id });
            submission.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PageView>(view =>
        {
            view.ToTable("PageViews");
            view.HasKey(v => v.Id);
            view.Property(v => v.PageId).HasMaxLength(128).IsRequired();
            view.HasIndex(v => new { v.ModuleProgressId, v.PageId }).IsUnique();
        });
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}
