using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leerplatform.Data.Migrations;

/// <summary>An organisation's theme, accent colour and logo (bytes, content type, hash). Written by hand (see InitialCreate).</summary>
[DbContext(typeof(LeerplatformDbContext))]
[Migration("20261130120000_OrganisationThemes")]
public sealed class OrganisationThemes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "OrganisationThemes",
            columns: table => new
            {
                OrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                ThemeName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                AccentColour = table.Column<string>(type: "TEXT", maxLength: 7, nullable: true),
                LogoBytes = table.Column<byte[]>(type: "BLOB", nullable: true),
                LogoContentType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                LogoHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                LogoAlt = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                UpdatedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_OrganisationThemes", x => x.OrganisationId);
                table.ForeignKey("FK_OrganisationThemes_Organisations_OrganisationId", x => x.OrganisationId, "Organisations", "Id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("OrganisationThemes");
}
