using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leerplatform.Data.Migrations;

/// <summary>
/// The learner's region (issue 7): Vlaanderen or Nederland, for regional passages and case versions. Existing
/// accounts start without one and are asked when a page or case needs it. Written by hand (see InitialCreate).
/// </summary>
[DbContext(typeof(LeerplatformDbContext))]
[Migration("20261130154000_LearnerRegion")]
public sealed class LearnerRegion : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>("Region", "Users", type: "TEXT", maxLength: 8, nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn("Region", "Users");
}
