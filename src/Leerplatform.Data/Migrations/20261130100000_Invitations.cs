using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leerplatform.Data.Migrations;

/// <summary>Invitations to join an organisation (token stored as a hash). Written by hand (see InitialCreate).</summary>
[DbContext(typeof(LeerplatformDbContext))]
[Migration("20261130100000_Invitations")]
public sealed class Invitations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Invitations",
            columns: table => new
            {
                Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                OrganisationId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                InvitedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                ExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                AcceptedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                AcceptedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                RevokedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Invitations", x => x.Id);
                table.ForeignKey("FK_Invitations_Organisations_OrganisationId", x => x.OrganisationId, "Organisations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_Invitations_TokenHash", "Invitations", "TokenHash", unique: true);
        migrationBuilder.CreateIndex("IX_Invitations_OrganisationId", "Invitations", "OrganisationId");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Invitations");
}
