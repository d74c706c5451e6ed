using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samverkan.Sekretess.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OneDoorRecordSubjectsAndIdempotency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Disclosures_RequestKey",
                table: "Disclosures");

            migrationBuilder.DropColumn(
                name: "RequestKey",
                table: "Disclosures");

            migrationBuilder.AddColumn<string>(
                name: "ContentCipher",
                table: "Disclosures",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IncludesContact",
                table: "Disclosures",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "DisclosureConsents",
                columns: table => new
                {
                    DisclosureId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsentId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisclosureConsents", x => new { x.DisclosureId, x.ConsentId });
                    table.ForeignKey(
                        name: "FK_DisclosureConsents_Consents_ConsentId",
                        column: x => x.ConsentId,
                        principalTable: "Consents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DisclosureConsents_Disclosures_DisclosureId",
                        column: x => x.DisclosureId,
                        principalTable: "Disclosures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IdempotencyKeys",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Form = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Token = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyKeys", x => new { x.UserId, x.Form, x.Token });
                });

            migrationBuilder.CreateTable(
                name: "ItemSubjects",
                columns: table => new
                {
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ItemSubjects", x => new { x.ItemId, x.PersonId });
                    table.ForeignKey(
                        name: "FK_ItemSubjects_InformationItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "InformationItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ItemSubjects_Persons_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Persons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DisclosureConsents_ConsentId",
                table: "DisclosureConsents",
                column: "ConsentId");

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyKeys_CreatedAt",
                table: "IdempotencyKeys",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ItemSubjects_PersonId",
                table: "ItemSubjects",
                column: "PersonId");

            // Every existing item is about its case's person; shares approved with contact details keep them; consent links.
            migrationBuilder.Sql("INSERT INTO \"ItemSubjects\" (\"ItemId\", \"PersonId\") SELECT i.\"Id\", c.\"SubjectPersonId\" FROM \"InformationItems\" i JOIN \"Cases\" c ON c.\"Id\" = i.\"CaseId\";");
            migrationBuilder.Sql("UPDATE \"Disclosures\" SET \"IncludesContact\" = 1 WHERE \"SecondApproverUserId\" IS NOT NULL OR \"PendingSecondApproval\" = 1;");
            migrationBuilder.Sql("INSERT INTO \"DisclosureConsents\" (\"DisclosureId\", \"ConsentId\") SELECT \"Id\", \"ConsentId\" FROM \"Disclosures\" WHERE \"ConsentId\" IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DisclosureConsents");

            migrationBuilder.DropTable(
                name: "IdempotencyKeys");

            migrationBuilder.DropTable(
                name: "ItemSubjects");

            migrationBuilder.DropColumn(
                name: "ContentCipher",
                table: "Disclosures");

            migrationBuilder.DropColumn(
                name: "IncludesContact",
                table: "Disclosures");

            migrationBuilder.AddColumn<Guid>(
                name: "RequestKey",
                table: "Disclosures",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.CreateIndex(
                name: "IX_Disclosures_RequestKey",
                table: "Disclosures",
                column: "RequestKey",
                unique: true);
        }
    }
}
