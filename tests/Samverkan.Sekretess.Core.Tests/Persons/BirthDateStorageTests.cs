using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Cases;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Persons;

/// <summary>
/// Issue 19, item 10: a stored person holds no birth date in clear (with it, a holder of the blind-index key finds the
/// personnummer among about a thousand candidates); only the birth year is in clear. The age the policies see
/// (dataSubject.age) still comes from the exact date, read from the encrypted personnummer.
/// </summary>
public sealed class BirthDateStorageTests(CoreHost host) : IClassFixture<CoreHost>
{
    [Fact]
    public async Task AStoredPerson_HasNoBirthDateInClear_OnlyTheYear_AndThePolicyStillSeesTheExactAge()
    {
        await host.ResetAsync();
        var social = await host.AsAsync("socialsekreterare");
        Guid caseId;
        await using (var scope = host.Services.CreateAsyncScope())
            caseId = await CoreHost.Get<CaseWrites>(scope).OpenCaseAsync(social, new OpenCaseCommand(CaseTypes.Sig, "20120303-9811", "Fiktiv Födelsedag", []),
                CancellationToken.None);

        await using var conn = new NpgsqlConnection(host.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""SELECT row_to_json(p)::text, p."Id" FROM "Persons" p JOIN "Cases" c ON c."SubjectPersonId" = p."Id" WHERE c."Id" = @id""", conn);
        cmd.Parameters.AddWithValue("id", caseId);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var row = reader.GetString(0);
        var personId = reader.GetGuid(1);
        foreach (var clear in new[] { "2012-03-03", "20120303" })
            Assert.DoesNotContain(clear, row, StringComparison.Ordinal);
        Assert.Contains("\"BirthYear\":2012", row, StringComparison.Ordinal);

        await using var resolveScope = host.Services.CreateAsyncScope();
        var subject = await CoreHost.Get<AttributeResolver>(resolveScope).ResolveSubjectAsync(personId, CancellationToken.None);
        var today = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime);
        var expected = today.Year - 2012 - (today < new DateOnly(today.Year, 3, 3) ? 1 : 0);
        Assert.Equal(expected, subject!.Age);
    }
}
