using System.Net;
using Microsoft.AspNetCore.Hosting;
using Samverkan.Sekretess.Web.Tests.Infrastructure;

namespace Samverkan.Sekretess.Web.Tests.Security;

/// <summary>A host with second-long session limits, so both timeouts can be seen to end a session.</summary>
public sealed class ShortSessionAppServer : AppServer
{
    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Authentication:IdleTimeout", "00:00:02");
        builder.UseSetting("Authentication:AbsoluteTimeout", "00:00:05");
    }
}

/// <summary>The idle timeout (sliding) and the absolute timeout (from the completed second factor) both end the session.</summary>
public sealed class SessionTimeoutTests(ShortSessionAppServer app) : IClassFixture<ShortSessionAppServer>
{
    [Fact]
    public async Task IdleSession_EndsAfterTheIdleTimeout()
    {
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, "rektor");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Cases")).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Cases")).StatusCode);
    }

    [Fact]
    public async Task ActiveSession_EndsAfterTheAbsoluteTimeout()
    {
        using var client = app.CreateClient();
        await HttpLogin.LogInAsync(client, "skolkurator");
        var started = DateTime.UtcNow;
        var statuses = new List<(double Seconds, HttpStatusCode Status)>();
        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(7.5))
        {
            statuses.Add(((DateTime.UtcNow - started).TotalSeconds, (await client.GetAsync("/Cases")).StatusCode));
            if (statuses[^1].Status != HttpStatusCode.OK) break;
            await Task.Delay(600);
        }

        // Active all along (never idle for 2 s), yet signed out once 5 s have passed since the sign-in.
        Assert.Equal(HttpStatusCode.OK, statuses[0].Status);
        Assert.Equal(HttpStatusCode.Redirect, statuses[^1].Status);
        Assert.InRange(statuses[^1].Seconds, 3.5, 7.5);
    }
}
