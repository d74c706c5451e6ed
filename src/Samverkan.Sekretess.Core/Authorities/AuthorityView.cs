namespace Samverkan.Sekretess.Core.Authorities;

/// <summary>Read model of an authority (public information).</summary>
public sealed record AuthorityView(Guid Id, string Code, string Name, string Kind);
