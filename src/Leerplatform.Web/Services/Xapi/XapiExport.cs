using System.Globalization;
using System.Text;
using System.Text.Json;
using Leerplatform.Core.Competency;
using Leerplatform.Core.Content;
using Leerplatform.Core.Xapi;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Leerplatform.Web.Services.Xapi;

/// <summary>What to export: a period (statement timestamps, inclusive dates), a module, a person.</summary>
public sealed record ExportFilter(DateOnly? From, DateOnly? To, string? ModuleId, string? UserId);

/// <summary>A member as an admin picks them for an export.</summary>
public sealed record MemberChoice(string UserId, string DisplayName, string Email, string Role);

/// <summary>
/// Exports of one organisation's learning records for its LMS: statements as an xAPI JSON array or as NDJSON
/// (both streamed row by row, so memory stays flat however many there are), and a CSV completion report with
/// one row per person × module.
/// </summary>
public sealed class XapiExport(IDbContextFactory<LeerplatformDbContext> contexts, CompetenceService competences)
{
    public async Task<(string Name, IReadOnlyList<MemberChoice> Members)> OrganisationAsync(string organisationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var name = await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.Name).SingleAsync(cancellationToken);
        var members = await db.OrganisationMembers.Where(m => m.OrganisationId == organisationId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName, u.Email, m.Role })
            .OrderBy(m => m.DisplayName)
            .Select(m => new MemberChoice(m.Id, m.DisplayName, m.Email, m.Role))
            .ToListAsync(cancellationToken);
        return (name, members);
    }

    /// <summary>Null when the filter fits the organisation; else a reason for a 400.</summary>
    public async Task<string?> CheckAsync(string organisationId, ExportFilter filter, ContentLibrary library, CancellationToken cancellationToken = default)
    {
        if (filter.From is { } from && filter.To is { } to && from > to)
        {
            return "the start date lies after the end date";
        }

        if (filter.ModuleId is not null && library.FindModule(filter.ModuleId) is null)
        {
            return $"unknown module '{filter.ModuleId}'";
        }

        if (filter.UserId is not null)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (!await db.OrganisationMembers.AnyAsync(m => m.OrganisationId == organisationId && m.UserId == filter.UserId, cancellationToken))
            {
                // Same answer for "no such person" and "someone of another organisation": ids reveal nothing.
                return "unknown person";
            }
        }

        return null;
    }

    /// <summary>Writes the statements to <paramref name="output"/>: a JSON array, or one statement per line.</summary>
    public async Task<long> WriteStatementsAsync(string organisationId, ExportFilter filter, Stream output, bool ndjson, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = Filter(db.XapiStatements.AsNoTracking().Where(s => s.OrganisationId == organisationId), filter)
            .OrderBy(s => s.Seq).Select(s => s.Json).AsAsyncEnumerable();
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        long count = 0;
        if (!ndjson)
        {
            await writer.WriteAsync('[');
        }

        await foreach (var json in rows.WithCancellation(cancellationToken))
        {
            if (!ndjson && count > 0)
            {
                await writer.WriteAsync(',');
            }

            await writer.WriteAsync(json);
            if (ndjson)
            {
                await writer.WriteAsync('\n');
            }

            count++;
        }

        if (!ndjson)
        {
            await writer.WriteAsync(']');
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }

    private static IQueryable<XapiStatement> Filter(IQueryable<XapiStatement> q, ExportFilter filter)
    {
        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            q = q.Where(s => s.TimestampUtc >= start);
        }

        if (filter.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            q = q.Where(s => s.TimestampUtc < end);
        }

        if (filter.ModuleId is { } module)
        {
            q = q.Where(s => s.ModuleId == module);
        }

        if (filter.UserId is { } user)
        {
            q = q.Where(s => s.UserId == user);
        }

        return q;
    }

    public static readonly IReadOnlyDictionary<string, string[]> CsvHeaders = new Dictionary<string, string[]>
    {
        ["nl"] = ["Naam", "E-mail", "Module-id", "Module", "Status", "Score (%)", "Gestart op", "Voltooid op", "Geslaagd op", "Tijd besteed (minuten)", "Competenties bereikt"],
        ["en"] = ["Name", "Email", "Module id", "Module", "Status", "Score (%)", "Started at", "Completed at", "Passed at", "Time spent (minutes)", "Competences reached"],
    };

    /// <summary>
    /// One row per member × module: status (not-started, in-progress, completed, passed), best quiz score, dates
    /// (ISO 8601, UTC), time spent (sum of the sessions' terminated durations) and the module's competences at
    /// the level the person has reached ("C4:vaardig"). With a period, only people active in it are listed.
    /// </summary>
    public async Task<int> WriteCompletionCsvAsync(string organisationId, ExportFilter filter, ContentLibrary library, string language, Stream output, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var members = await db.OrganisationMembers.AsNoTracking().Where(m => m.OrganisationId == organisationId && (filter.UserId == null || m.UserId == filter.UserId))
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.DisplayName, u.Email })
            .OrderBy(u => u.DisplayName).ToListAsync(cancellationToken);
        var modules = library.Modules.Where(m => filter.ModuleId is null || m.Id == filter.ModuleId).OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
        var userIds = members.Select(m => m.Id).ToList();
        var progress = await db.ModuleProgress.AsNoTracking().Where(p => userIds.Contains(p.UserId))
            .ToDictionaryAsync(p => (p.UserId, p.ModuleId), cancellationToken);
        var scores = await db.QuizAttempts.AsNoTracking().Where(a => userIds.Contains(a.UserId) && a.SubmittedAtUtc != null)
            .GroupBy(a => new { a.UserId, a.ModuleId }).Select(g => new { g.Key.UserId, g.Key.ModuleId, Best = g.Max(a => a.Percent) })
            .ToDictionaryAsync(g => (g.UserId, g.ModuleId), g => g.Best, cancellationToken);
        var sessions = await db.XapiStatements.AsNoTracking()
            .Where(s => s.OrganisationId == organisationId && s.UserId != null && userIds.Contains(s.UserId) && s.VerbId == LearningStatements.Verbs.Terminated)
            .Select(s => new { s.UserId, s.ModuleId, s.Json }).ToListAsync(cancellationToken);
        var timeSpent = sessions.GroupBy(s => (s.UserId!, s.ModuleId ?? string.Empty))
            .ToDictionary(g => g.Key, g => g.Sum(s => DurationOf(s.Json).TotalMinutes));
        var from = filter.From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var to = filter.To?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        await using var writer = new StreamWriter(output, new UTF8Encoding(true), 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(Csv(CsvHeaders.TryGetValue(language, out var header) ? header : CsvHeaders["nl"]));
        var rows = 0;
        foreach (var member in members)
        {
            var levels = (await competences.GetAsync(member.Id, library, cancellationToken)).ToDictionary(c => c.Competence.Code, c => c.Standing.Level);
            foreach (var module in modules)
            {
                progress.TryGetValue((member.Id, module.Id), out var row);
                if ((from is not null || to is not null)
                    && (row is null || (from is not null && row.LastVisitedAtUtc < from) || (to is not null && row.StartedAtUtc >= to)))
                {
                    continue;
                }

                var status = row is null ? "not-started"
                    : row.PassedAtUtc is not null ? "passed"
                    : row.CompletedAtUtc is not null ? "completed"
                    : "in-progress";
                var reached = module.Metadata.Competences
                    .Where(c => levels.GetValueOrDefault(c) > ProficiencyLevel.None)
                    .Select(c => $"{c}:{levels[c].ToString().ToLowerInvariant()}");
                await writer.WriteAsync(Csv(
                [
                    member.DisplayName, member.Email, module.Id, module.Metadata.Title, status,
                    scores.TryGetValue((member.Id, module.Id), out var best) && best is { } percent ? percent.ToString("0.#", CultureInfo.InvariantCulture) : string.Empty,
                    Iso(row?.StartedAtUtc), Iso(row?.CompletedAtUtc), Iso(row?.PassedAtUtc),
                    timeSpent.TryGetValue((member.Id, module.Id), out var minutes) ? minutes.ToString("0.#", CultureInfo.InvariantCulture) : row is null ? string.Empty : "0",
                    string.Join(' ', reached),
                ]));
                rows++;
            }
        }

        await writer.FlushAsync(cancellationToken);
        return rows;
    }

    private static TimeSpan DurationOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("result", out var result) && result.TryGetProperty("duration", out var duration)
               && XapiDuration.TryParse(duration.GetString() ?? string.Empty, out var parsed)
            ? parsed.Value
            : TimeSpan.Zero;
    }

    private static string Iso(DateTime? value) => value?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>RFC 4180: fields with a comma, quote or line break are quoted; formulas are defused for spreadsheets.</summary>
    internal static string Csv(IEnumerable<string> fields) =>
        string.Join(',', fields.Select(Field)) + "\r\n";

    private static string Field(string value)
    {
        // A cell starting with = + - @ is run as a formula by spreadsheet programs (CSV injection).
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
