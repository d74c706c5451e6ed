namespace Samverkan.Sekretess.Core.Audit;

/// <summary>
/// The client info an audit entry records: channel and address of the request being served (the web host supplies
/// it from the HTTP request), or "system" outside any request (jobs, startup). Never the data subject's data.
/// </summary>
public interface IAuditClient
{
    string? Current { get; }
}

/// <summary>Outside a web host: everything is the system's own work.</summary>
internal sealed class SystemAuditClient : IAuditClient
{
    public string? Current => "system";
}
