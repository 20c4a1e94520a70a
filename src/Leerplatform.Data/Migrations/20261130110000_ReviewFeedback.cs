using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leerplatform.Data.Migrations;

/// <summary>Trainers' comments and ratings on reflections and case reasons. Written by hand (see InitialCreate).</summary>
[DbContext(typeof(LeerplatformDbContext))]
[Migration("20261130110000_ReviewFeedback")]
public sealed class AddReviewFeedback : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ReviewFeedback",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                OrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ResponseId = table.Column<long>(type: "INTEGER", nullable: false),
                LearnerUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                TrainerUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                Competence = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                Level = table.Column<int>(type: "INTEGER", nullable: true),
                EvidenceId = table.Column<long>(type: "INTEGER", nullable: true),
                CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                SeenAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ReviewFeedback", x => x.Id);
                table.ForeignKey("FK_ReviewFeedback_LearnerResponses_ResponseId", x => x.ResponseId, "LearnerResponses", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_ReviewFeedback_Users_LearnerUserId", x => x.LearnerUserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_ReviewFeedback_ResponseId", "ReviewFeedback", "ResponseId");
        migrationBuilder.CreateIndex("IX_ReviewFeedback_LearnerUserId_Id", "ReviewFeedback", ["LearnerUserId", "Id"]);
        migrationBuilder.CreateIndex("IX_ReviewFeedback_OrganisationId", "ReviewFeedback", "OrganisationId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("ReviewFeedback");
}
