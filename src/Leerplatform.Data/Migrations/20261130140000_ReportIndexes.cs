using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Leerplatform.Data.Migrations;

/// <summary>
/// Indexes for the organisation reports (issue 6): a member's decisions in a module are found without reading
/// their whole response log. Written by hand (see InitialCreate).
/// </summary>
[DbContext(typeof(LeerplatformDbContext))]
[Migration("20261130140000_ReportIndexes")]
public sealed class ReportIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex("IX_LearnerResponses_UserId_Kind_ModuleId", "LearnerResponses", ["UserId", "Kind", "ModuleId"]);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex("IX_LearnerResponses_UserId_Kind_ModuleId", "LearnerResponses");
}
