using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Leerplatform.Data;

/// <summary>
/// A process-wide version of the "directory": who people are (name, region), which organisations they belong
/// to and with what role, which organisation owns a module, which organisations forward to an LRS, and
/// organisation names and themes. Every learner action needs some of these facts, and they change rarely, so
/// they are cached (issue 8); each cache entry remembers the version it was read at and is valid only while the
/// version is unchanged. The version goes up after every committed change to those tables, so a change is seen
/// by the next action of everyone in this process.
/// </summary>
public static class DirectoryVersion
{
    private static long _value;

    /// <summary>Read before loading a cached fact: a change committed during the load makes the entry stale at once.</summary>
    public static long Current => Volatile.Read(ref _value);

    /// <summary>
    /// Called after a change to directory facts has committed. Tracked changes bump it on their own (see
    /// <see cref="LeerplatformDbContext"/>); bulk updates (ExecuteUpdate, ExecuteDelete) on those tables must call it.
    /// </summary>
    public static void Bump() => Interlocked.Increment(ref _value);

    /// <summary>The entity types whose changes invalidate cached directory facts.</summary>
    internal static bool IsDirectory(object entity) => entity is Entities.AppUser or Entities.OrganisationMember or Entities.Organisation
        or Entities.LrsConnection or Entities.WorkspaceModule or Entities.OrganisationTheme;

    /// <summary>Bumps the version once a transaction that saved directory changes has committed, never before.</summary>
    internal sealed class CommitInterceptor : DbTransactionInterceptor
    {
        public static readonly CommitInterceptor Instance = new();

        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData);

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Committed(eventData);
            return Task.CompletedTask;
        }

        public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => RolledBack(eventData);

        public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            RolledBack(eventData);
            return Task.CompletedTask;
        }

        private static void Committed(TransactionEndEventData eventData)
        {
            if (eventData.Context is LeerplatformDbContext db && db.TakeDirectoryChange())
            {
                Bump();
            }
        }

        private static void RolledBack(TransactionEndEventData eventData) => (eventData.Context as LeerplatformDbContext)?.TakeDirectoryChange();
    }
}
