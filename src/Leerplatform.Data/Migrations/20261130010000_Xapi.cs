using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leerplatform.Data.Migrations;

/// <summary>Organisations, xAPI statements with their filter indexes, the LRS outbox and endpoint keys. Written by hand (see InitialCreate).</summary>
[DbContext(typeof(LeerplatformDbContext))]
[Migration("20261130010000_Xapi")]
public sealed class Xapi : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // Existing attempts get a registration of their own; SQLite has no uuid function, so build one from random bytes.
        migrationBuilder.AddColumn<Guid>("Registration", "ModuleProgress", type: "TEXT", nullable: false, defaultValue: Guid.Empty);
        migrationBuilder.AddColumn<bool>("Suspended", "ModuleProgress", type: "INTEGER", nullable: false, defaultValue: false);
        migrationBuilder.Sql(
            "UPDATE ModuleProgress SET Registration = (SELECT upper(substr(h,1,8)||'-'||substr(h,9,4)||'-4'||substr(h,14,3)||'-'||'8'||substr(h,18,3)||'-'||substr(h,21,12)) FROM (SELECT hex(randomblob(16)) AS h))");

        migrationBuilder.CreateTable(
            name: "Organisations",
            columns: table => new
            {
                Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Organisations", x => x.Id));

        migrationBuilder.CreateTable(
            name: "OrganisationMembers",
            columns: table => new
            {
                OrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                JoinedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OrganisationMembers", x => new { x.OrganisationId, x.UserId });
                table.ForeignKey("FK_OrganisationMembers_Organisations_OrganisationId", x => x.OrganisationId, "Organisations", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_OrganisationMembers_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "XapiStatements",
            columns: table => new
            {
                Seq = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                OrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                StatementId = table.Column<Guid>(type: "TEXT", nullable: false),
                VerbId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                ActorKey = table.Column<string>(type: "TEXT", maxLength: 600, nullable: true),
                ObjectAgentKey = table.Column<string>(type: "TEXT", maxLength: 600, nullable: true),
                ObjectActivityId = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                ObjectStatementId = table.Column<Guid>(type: "TEXT", nullable: true),
                Registration = table.Column<Guid>(type: "TEXT", nullable: true),
                TimestampUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                StoredUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                Voided = table.Column<bool>(type: "INTEGER", nullable: false),
                UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                Json = table.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_XapiStatements", x => x.Seq));

        migrationBuilder.CreateTable(
            name: "XapiStatementActivities",
            columns: table => new
            {
                StatementSeq = table.Column<long>(type: "INTEGER", nullable: false),
                ActivityId = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_XapiStatementActivities", x => new { x.ActivityId, x.StatementSeq });
                table.ForeignKey("FK_XapiStatementActivities_XapiStatements_StatementSeq", x => x.StatementSeq, "XapiStatements", "Seq", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "XapiStatementAgents",
            columns: table => new
            {
                StatementSeq = table.Column<long>(type: "INTEGER", nullable: false),
                AgentKey = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_XapiStatementAgents", x => new { x.AgentKey, x.StatementSeq });
                table.ForeignKey("FK_XapiStatementAgents_XapiStatements_StatementSeq", x => x.StatementSeq, "XapiStatements", "Seq", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "XapiOutbox",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                OrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                StatementSeq = table.Column<long>(type: "INTEGER", nullable: false),
                Parked = table.Column<bool>(type: "INTEGER", nullable: false),
                Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                EnqueuedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_XapiOutbox", x => x.Id);
                table.ForeignKey("FK_XapiOutbox_XapiStatements_StatementSeq", x => x.StatementSeq, "XapiStatements", "Seq", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "LrsConnections",
            columns: table => new
            {
                OrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                Endpoint = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                Username = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                ProtectedPassword = table.Column<string>(type: "TEXT", nullable: false),
                Version = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                LastSuccessUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                LastErrorUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                ConsecutiveFailures = table.Column<int>(type: "INTEGER", nullable: false),
                NextAttemptUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_LrsConnections", x => x.OrganisationId);
                table.ForeignKey("FK_LrsConnections_Organisations_OrganisationId", x => x.OrganisationId, "Organisations", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "XapiCredentials",
            columns: table => new
            {
                Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                OrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                SecretHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                CanWrite = table.Column<bool>(type: "INTEGER", nullable: false),
                CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                RevokedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_XapiCredentials", x => x.Key);
                table.ForeignKey("FK_XapiCredentials_Organisations_OrganisationId", x => x.OrganisationId, "Organisations", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_OrganisationMembers_UserId", "OrganisationMembers", "UserId");
        migrationBuilder.CreateIndex("IX_XapiStatements_OrganisationId_StatementId", "XapiStatements", ["OrganisationId", "StatementId"], unique: true);
        migrationBuilder.CreateIndex("IX_XapiStatements_OrganisationId_ObjectAgentKey", "XapiStatements", ["OrganisationId", "ObjectAgentKey"]);
        migrationBuilder.CreateIndex("IX_XapiStatements_OrganisationId_VerbId_Seq", "XapiStatements", ["OrganisationId", "VerbId", "Seq"]);
        migrationBuilder.CreateIndex("IX_XapiStatements_OrganisationId_ActorKey_Seq", "XapiStatements", ["OrganisationId", "ActorKey", "Seq"]);
        migrationBuilder.CreateIndex("IX_XapiStatements_OrganisationId_ObjectActivityId_Seq", "XapiStatements", ["OrganisationId", "ObjectActivityId", "Seq"]);
        migrationBuilder.CreateIndex("IX_XapiStatements_OrganisationId_Registration", "XapiStatements", ["OrganisationId", "Registration"]);
        migrationBuilder.CreateIndex("IX_XapiStatements_OrganisationId_ObjectStatementId", "XapiStatements", ["OrganisationId", "ObjectStatementId"]);
        migrationBuilder.CreateIndex("IX_XapiStatements_UserId_ModuleId", "XapiStatements", ["UserId", "ModuleId"]);
        migrationBuilder.CreateIndex("IX_XapiStatementActivities_StatementSeq", "XapiStatementActivities", "StatementSeq");
        migrationBuilder.CreateIndex("IX_XapiStatementAgents_StatementSeq", "XapiStatementAgents", "StatementSeq");
        migrationBuilder.CreateIndex("IX_XapiOutbox_StatementSeq", "XapiOutbox", "StatementSeq");
        migrationBuilder.CreateIndex("IX_XapiOutbox_OrganisationId_Parked_Id", "XapiOutbox", ["OrganisationId", "Parked", "Id"]);
        migrationBuilder.CreateIndex("IX_XapiCredentials_OrganisationId", "XapiCredentials", "OrganisationId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "XapiCredentials", "LrsConnections", "XapiOutbox", "XapiStatementAgents", "XapiStatementActivities", "XapiStatements", "OrganisationMembers", "Organisations" })
        {
            migrationBuilder.DropTable(table);
        }

        migrationBuilder.DropColumn("Suspended", "ModuleProgress");
        migrationBuilder.DropColumn("Registration", "ModuleProgress");
    }
}
