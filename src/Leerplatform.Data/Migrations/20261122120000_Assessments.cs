using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leerplatform.Data.Migrations;

/// <summary>Quiz attempts, scenario runs, the append-only response log and the module's pass date. Written by hand (see InitialCreate).</summary>
[DbContext(typeof(LeerplatformDbContext))]
[Migration("20261122120000_Assessments")]
public sealed class Assessments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>(name: "PassedAtUtc", table: "ModuleProgress", type: "TEXT", nullable: true);

        migrationBuilder.CreateTable(
            name: "QuizAttempts",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "TEXT", nullable: false),
                UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ModuleVersion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                PageId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                QuizId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                AttemptNumber = table.Column<int>(type: "INTEGER", nullable: false),
                StateJson = table.Column<string>(type: "TEXT", nullable: false),
                StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                SubmittedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                Percent = table.Column<double>(type: "REAL", nullable: true),
                Passed = table.Column<bool>(type: "INTEGER", nullable: true),
                Revision = table.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_QuizAttempts", x => x.Id);
                table.ForeignKey("FK_QuizAttempts_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "ScenarioRuns",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "TEXT", nullable: false),
                UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ModuleVersion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                PageId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                ScenarioId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                RunNumber = table.Column<int>(type: "INTEGER", nullable: false),
                StateJson = table.Column<string>(type: "TEXT", nullable: false),
                StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                FinishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                Revision = table.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ScenarioRuns", x => x.Id);
                table.ForeignKey("FK_ScenarioRuns_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "LearnerResponses",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ActivityId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                AttemptId = table.Column<Guid>(type: "TEXT", nullable: false),
                Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                ItemId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                ResponseJson = table.Column<string>(type: "TEXT", nullable: false),
                Correct = table.Column<bool>(type: "INTEGER", nullable: true),
                Points = table.Column<double>(type: "REAL", nullable: true),
                MaxPoints = table.Column<double>(type: "REAL", nullable: true),
                AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_LearnerResponses", x => x.Id);
                table.ForeignKey("FK_LearnerResponses_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_QuizAttempts_UserId_ModuleId_QuizId_AttemptNumber", "QuizAttempts", ["UserId", "ModuleId", "QuizId", "AttemptNumber"], unique: true);
        migrationBuilder.CreateIndex("IX_ScenarioRuns_UserId_ModuleId_ScenarioId_RunNumber", "ScenarioRuns", ["UserId", "ModuleId", "ScenarioId", "RunNumber"], unique: true);
        migrationBuilder.CreateIndex("IX_LearnerResponses_AttemptId", "LearnerResponses", "AttemptId");
        migrationBuilder.CreateIndex("IX_LearnerResponses_UserId_AtUtc", "LearnerResponses", ["UserId", "AtUtc"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "LearnerResponses");
        migrationBuilder.DropTable(name: "ScenarioRuns");
        migrationBuilder.DropTable(name: "QuizAttempts");
        migrationBuilder.DropColumn(name: "PassedAtUtc", table: "ModuleProgress");
    }
}
