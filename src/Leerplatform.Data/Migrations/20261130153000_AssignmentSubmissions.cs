using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leerplatform.Data.Migrations;

/// <summary>Hand-ins of learning-path assignments (issue 7), append-only. Written by hand (see InitialCreate).</summary>
[DbContext(typeof(LeerplatformDbContext))]
[Migration("20261130153000_AssignmentSubmissions")]
public sealed class AddAssignmentSubmissions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AssignmentSubmissions",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                PathId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                AssignmentSlug = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Text = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                SubmittedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AssignmentSubmissions", x => x.Id);
                table.ForeignKey("FK_AssignmentSubmissions_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_AssignmentSubmissions_UserId_PathId_AssignmentSlug_Id", "AssignmentSubmissions", ["UserId", "PathId", "AssignmentSlug", "Id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("AssignmentSubmissions");
}
