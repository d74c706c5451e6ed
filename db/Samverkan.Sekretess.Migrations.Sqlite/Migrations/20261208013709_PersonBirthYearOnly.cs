using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Samverkan.Sekretess.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Issue 19: a person's birth date is no longer stored in clear (with it, whoever holds the blind-index key finds a
    /// personnummer among about a thousand candidates). The year stays; the exact date is read from the encrypted
    /// personnummer. Down restores 1 January of the year only: the exact dates are gone from this table.
    /// </summary>
    public partial class PersonBirthYearOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "BirthYear",
                table: "Persons",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.Sql("""UPDATE "Persons" SET "BirthYear" = CAST(substr("BirthDate", 1, 4) AS INTEGER);""");

            migrationBuilder.DropColumn(
                name: "BirthDate",
                table: "Persons");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "BirthDate",
                table: "Persons",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.Sql("""UPDATE "Persons" SET "BirthDate" = printf('%04d-01-01', "BirthYear");""");

            migrationBuilder.DropColumn(
                name: "BirthYear",
                table: "Persons");
        }
    }
}
