using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Samverkan.Sekretess.Web.Infrastructure;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto from a reverse proxy, trusted only from the addresses and networks in
/// <c>ForwardedHeaders:KnownProxies</c> / <c>ForwardedHeaders:KnownNetworks</c>. None by default: then the headers are
/// ignored (anyone could send them), and behind a proxy every request has the proxy's address, so the per-address login
/// limit is one bucket for everyone and the audit log's client address is the proxy's. Never trust all sources.
/// </summary>
internal static class ForwardedHeadersSetup
{
    public const string Section = "ForwardedHeaders";

    public static void AddSamverkanForwardedHeaders(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(Section);
        var proxies = (section.GetSection("KnownProxies").Get<string[]>() ?? []).Select(p => ParseAddress(p)).ToList();
        var networks = (section.GetSection("KnownNetworks").Get<string[]>() ?? []).Select(n => ParseNetwork(n)).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            // With both lists empty the middleware trusts every sender: so nothing configured means nothing forwarded.
            o.ForwardedHeaders = proxies.Count + networks.Count == 0 ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; here only what the operator configured.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
            // Walk back through a chain of configured proxies; the first address not among them is the client.
            o.ForwardLimit = null;
        });
    }

    private static IPAddress ParseAddress(string value) => IPAddress.TryParse(value?.Trim(), out var address) ? address
        : throw new InvalidOperationException($"{Section}:KnownProxies: '{value}' is not an IP address.");

    private static System.Net.IPNetwork ParseNetwork(string value) => System.Net.IPNetwork.TryParse(value?.Trim(), out var network) ? network
        : throw new InvalidOperationException($"{Section}:KnownNetworks: '{value}' is not a network in CIDR form (e.g. 10.0.0.0/8).");
}
