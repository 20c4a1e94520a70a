using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leerplatform.Data.Migrations;

/// <summary>The trainer workspace: modules written in the browser, their draft files and published versions. Written by hand (see InitialCreate).</summary>
[DbContext(typeof(LeerplatformDbContext))]
[Migration("20261130130000_Workspace")]
public sealed class Workspace : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "WorkspaceModules",
            columns: table => new
            {
                Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                OrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                DraftUpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                LatestVersion = table.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WorkspaceModules", x => x.Id);
                table.ForeignKey("FK_WorkspaceModules_Organisations_OrganisationId", x => x.OrganisationId, "Organisations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_WorkspaceModules_ModuleId", "WorkspaceModules", "ModuleId", unique: true);
        migrationBuilder.CreateIndex("IX_WorkspaceModules_OrganisationId", "WorkspaceModules", "OrganisationId");

        migrationBuilder.CreateTable(
            name: "WorkspaceFiles",
            columns: table => new
            {
                WorkspaceModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Path = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                UpdatedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WorkspaceFiles", x => new { x.WorkspaceModuleId, x.Path });
                table.ForeignKey("FK_WorkspaceFiles_WorkspaceModules_WorkspaceModuleId", x => x.WorkspaceModuleId, "WorkspaceModules", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "ModuleVersions",
            columns: table => new
            {
                WorkspaceModuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Number = table.Column<int>(type: "INTEGER", nullable: false),
                Package = table.Column<byte[]>(type: "BLOB", nullable: false),
                PackageHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                PublishedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                PublishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ModuleVersions", x => new { x.WorkspaceModuleId, x.Number });
                table.ForeignKey("FK_ModuleVersions_WorkspaceModules_WorkspaceModuleId", x => x.WorkspaceModuleId, "WorkspaceModules", "Id", onDelete: ReferentialAction.Restrict);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("ModuleVersions");
        migrationBuilder.DropTable("WorkspaceFiles");
        migrationBuilder.DropTable("WorkspaceModules");
    }
}
