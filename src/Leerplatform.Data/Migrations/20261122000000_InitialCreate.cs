using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leerplatform.Data.Migrations;

/// <summary>
/// Accounts, roles and reading progress. Written by hand: Microsoft.EntityFrameworkCore.Design does not restore
/// on this registry. <c>MigrationSchemaTests</c> proves the migrated schema equals the model's.
/// </summary>
[DbContext(typeof(LeerplatformDbContext))]
[Migration("20261122000000_InitialCreate")]
public sealed class InitialCreate : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Users",
            columns: table => new
            {
                Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                NormalizedUserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                EmailConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                PasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                SecurityStamp = table.Column<string>(type: "TEXT", nullable: false),
                ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: false),
                LockoutEndUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                LockoutEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                AccessFailedCount = table.Column<int>(type: "INTEGER", nullable: false),
                CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Users", x => x.Id));

        migrationBuilder.CreateTable(
            name: "UserRoles",
            columns: table => new
            {
                UserId = table.Column<string>(type: "TEXT", nullable: false),
                Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_UserRoles", x => new { x.UserId, x.Role });
                table.ForeignKey(
                    name: "FK_UserRoles_Users_UserId",
                    column: x => x.UserId,
                    principalTable: "Users",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "ModuleProgress",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ModuleVersion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                CurrentPageId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                LastVisitedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                CompletedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ModuleProgress", x => x.Id);
                table.ForeignKey(
                    name: "FK_ModuleProgress_Users_UserId",
                    column: x => x.UserId,
                    principalTable: "Users",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "PageViews",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false)
                    .Annotation("Sqlite:Autoincrement", true),
                ModuleProgressId = table.Column<long>(type: "INTEGER", nullable: false),
                PageId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                FirstViewedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PageViews", x => x.Id);
                table.ForeignKey(
                    name: "FK_PageViews_ModuleProgress_ModuleProgressId",
                    column: x => x.ModuleProgressId,
                    principalTable: "ModuleProgress",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_Users_NormalizedEmail", table: "Users", column: "NormalizedEmail", unique: true);
        migrationBuilder.CreateIndex(name: "IX_Users_NormalizedUserName", table: "Users", column: "NormalizedUserName", unique: true);
        migrationBuilder.CreateIndex(name: "IX_ModuleProgress_UserId_ModuleId", table: "ModuleProgress", columns: ["UserId", "ModuleId"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_PageViews_ModuleProgressId_PageId", table: "PageViews", columns: ["ModuleProgressId", "PageId"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "PageViews");
        migrationBuilder.DropTable(name: "ModuleProgress");
        migrationBuilder.DropTable(name: "UserRoles");
        migrationBuilder.DropTable(name: "Users");
    }
}
