namespace Samverkan.Sekretess.Policy.Compilation;

/// <summary>
/// Three-valued (Kleene) truth. <see cref="Unknown"/> means "could not be evaluated", e.g. a
/// missing attribute. Kleene logic makes the result independent of condition order:
/// false AND unknown is false, true AND unknown is unknown.
/// </summary>
internal enum Tri : byte
{
    False = 0,
    True = 1,
    Unknown = 2,
}
