using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samverkan.Sekretess.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class AuditHashVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every entry written so far hashes canonical form 1; the default stays, so an instance of the previous version
            // still running during a rolling upgrade (which neither knows the column nor form 2) writes entries that verify.
            migrationBuilder.AddColumn<short>(
                name: "HashVersion",
                table: "AuditEntries",
                type: "smallint",
                nullable: false,
                defaultValue: (short)1);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HashVersion",
                table: "AuditEntries");
        }
    }
}
