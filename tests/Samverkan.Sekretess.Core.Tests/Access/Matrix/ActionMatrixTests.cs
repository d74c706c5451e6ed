using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Samverkan.Sekretess.Core.Access;
using Samverkan.Sekretess.Core.Seeding;
using Samverkan.Sekretess.Core.Tests.Infrastructure;

namespace Samverkan.Sekretess.Core.Tests.Access.Matrix;

/// <summary>
/// The persona × action matrix over every action of policies/schema/vocabulary.yaml, on real PostgreSQL with the real
/// policies. For each action: every demo persona and an anonymous caller try it on a world with one of everything; the
/// personas its row names may (no 404, no deny entry), every other one gets a 404, exactly one deny entry and no change.
/// A new action without a row fails <see cref="EveryActionOfTheVocabulary_HasARow"/>.
/// </summary>
public sealed class ActionMatrixTests(CoreHost host) : IClassFixture<CoreHost>
{
    private static readonly string[] Personas = [.. DemoPersonas.Users.Select(u => u.UserName), "anonym"];

    public static TheoryData<string> ActionsOfTheVocabulary() => [.. Actions.All.Select(a => a.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public void EveryActionOfTheVocabulary_HasARow() =>
        Assert.Equal(Actions.All.Select(a => a.Name).Order(StringComparer.Ordinal), MatrixRows.All.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(ActionsOfTheVocabulary))]
    public async Task Action_EveryPersona_OnlyItsRowsPersonasMay_EveryDenialIsA404WithOneEntryAndNoChange(string action)
    {
        var row = MatrixRows.All[action];
        var problems = new List<string>();
        if (row is MatrixRow.JobOnly)
        {
            JobOnlyRules(action, problems);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            return;
        }

        var world = await MatrixWorld.CreateAsync(host);
        // Refusals first, on one world (a refusal changes nothing, which is checked); then each permitted persona, on a
        // fresh world where the action changes what the next one would see.
        foreach (var persona in Personas.Where(p => !row.Allowed.Contains(p)))
            await ExpectRefusedAsync(world, row, action, persona, problems);
        foreach (var persona in row.Allowed)
        {
            if (row is MatrixRow.Call { Fresh: true } && persona != row.Allowed[0]) world = await MatrixWorld.CreateAsync(host);
            await ExpectPermittedAsync(world, row, action, persona, problems);
        }

        Assert.True(problems.Count == 0, $"{action}:\n" + string.Join("\n", problems));
    }

    private async Task ExpectRefusedAsync(MatrixWorld world, MatrixRow row, string action, string persona, List<string> problems)
    {
        var context = await ContextAsync(world, persona);
        if (row is MatrixRow.Would would)
        {
            if (await WouldAsync(would, world, context)) problems.Add($"{persona}: the PDP would permit it");
            return;
        }

        var before = await TableSnapshot.TakeAsync(host);
        var error = await InvokeAsync(world, (MatrixRow.Call)row, context);
        if (error is not AccessDeniedException)
        {
            problems.Add($"{persona}: expected a 404, got {error?.GetType().Name ?? "success"} {error?.Message}");
            return;
        }

        var after = await TableSnapshot.TakeAsync(host);
        if (after.AuditEntries != before.AuditEntries + 1) problems.Add($"{persona}: {after.AuditEntries - before.AuditEntries} entries instead of one deny entry");
        if (after.Tables != before.Tables) problems.Add($"{persona}: the refusal changed data");
        await using var db = host.NewDbContext();
        if ((await db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync()).Decision != "deny") problems.Add($"{persona}: the last entry is no deny");
    }

    private async Task ExpectPermittedAsync(MatrixWorld world, MatrixRow row, string action, string persona, List<string> problems)
    {
        var context = await ContextAsync(world, persona);
        if (row is MatrixRow.Would would)
        {
            if (!await WouldAsync(would, world, context)) problems.Add($"{persona}: the PDP would refuse it");
            return;
        }

        long before;
        await using (var db = host.NewDbContext()) before = await db.AuditEntries.MaxAsync(e => e.Sequence);
        var error = await InvokeAsync(world, (MatrixRow.Call)row, context);
        // A permitted persona may still meet a form error (InvalidCommandException) after the decision; never a 404.
        if (error is AccessDeniedException) problems.Add($"{persona}: refused (404) but the row says it may");
        else if (error is not null and not Core.Cases.InvalidCommandException) problems.Add($"{persona}: {error.GetType().Name} {error.Message}");
        await using var check = host.NewDbContext();
        if (await check.AuditEntries.AnyAsync(e => e.Sequence > before && e.Decision == "deny" && e.ActorUserId == context.UserId))
            problems.Add($"{persona}: a deny entry was written");
    }

    private async Task<Exception?> InvokeAsync(MatrixWorld world, MatrixRow.Call row, ProcessContext context)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await Record.ExceptionAsync(() => row.Invoke(world, context, new AsyncServiceScopeHolder(scope)));
    }

    private async Task<bool> WouldAsync(MatrixRow.Would row, MatrixWorld world, ProcessContext context)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await CoreHost.Get<AccessGateway>(scope).WouldAsync(row.Request(world, context), CancellationToken.None);
    }

    private static async Task<ProcessContext> ContextAsync(MatrixWorld world, string persona) => await world.As(persona);

    /// <summary>An action only jobs do: every permit naming it requires the job role, so no person can be permitted it.</summary>
    private void JobOnlyRules(string action, List<string> problems)
    {
        using var scope = host.Services.CreateScope();
        var policies = scope.ServiceProvider.GetRequiredService<AccessGateway>().Policies;
        var permits = policies.Rules.Where(r => r.Effect == Policy.Effect.Permit && r.Actions.Contains(action)).ToList();
        if (permits.Count == 0) problems.Add($"{action}: no permit names it (the job could not do it either)");
        foreach (var rule in permits.Where(r => !TopLevelConjuncts(r.Conditions).Contains("subject.role == systemjobb", StringComparer.Ordinal)))
            problems.Add($"{action}: {rule.Id} permits it without requiring the job role");
    }

    /// <summary>The "when" conditions of a rule as the loader renders them ("när: a OCH (b ELLER c) OCH d"), split at the top level.</summary>
    private static List<string> TopLevelConjuncts(IReadOnlyList<string> conditions)
    {
        var parts = new List<string>();
        foreach (var text in conditions.Where(c => c.StartsWith("när: ", StringComparison.Ordinal)).Select(c => c["när: ".Length..]))
        {
            var (depth, start) = (0, 0);
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '(') depth++;
                else if (text[i] == ')') depth--;
                else if (depth == 0 && string.CompareOrdinal(text, i, " OCH ", 0, 5) == 0)
                {
                    parts.Add(text[start..i]);
                    start = i + 5;
                }
            }

            parts.Add(text[start..]);
        }

        return parts;
    }
}
