using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leerplatform.Data.Migrations;

/// <summary>The competence evidence log and the rule's incremental summaries. Written by hand (see InitialCreate).</summary>
[DbContext(typeof(LeerplatformDbContext))]
[Migration("20261122150000_CompetenceEvidence")]
public sealed class AddCompetenceEvidence : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "CompetenceEvidence",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Competence = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                Score = table.Column<int>(type: "INTEGER", nullable: false),
                Level = table.Column<int>(type: "INTEGER", nullable: true),
                ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ActivityId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                PageId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                AttemptId = table.Column<Guid>(type: "TEXT", nullable: true),
                ItemId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                ChoiceId = table.Column<string>(type: "TEXT", maxLength: 160, nullable: true),
                ResponseId = table.Column<long>(type: "INTEGER", nullable: true),
                RaterUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                SupersedesId = table.Column<long>(type: "INTEGER", nullable: true),
                AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CompetenceEvidence", x => x.Id);
                table.ForeignKey("FK_CompetenceEvidence_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "CompetenceSummaries",
            columns: table => new
            {
                UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Competence = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                StateJson = table.Column<string>(type: "TEXT", nullable: false),
                LastEvidenceId = table.Column<long>(type: "INTEGER", nullable: false),
                UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CompetenceSummaries", x => new { x.UserId, x.Competence });
                table.ForeignKey("FK_CompetenceSummaries_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_CompetenceEvidence_UserId_Competence_Id", "CompetenceEvidence", ["UserId", "Competence", "Id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "CompetenceSummaries");
        migrationBuilder.DropTable(name: "CompetenceEvidence");
    }
}
