namespace TeleportPlugins.Host.AccessLists;

/// <summary>An owner or member of an access list: a user, or (<paramref name="IsList"/>) another access list.</summary>
/// <param name="Name">The user's name, or the nested list's name.</param>
/// <param name="IsList">Whether it is a nested access list (Teleport's <c>MEMBERSHIP_KIND_LIST</c>).</param>
internal sealed record AccessListPrincipal(string Name, bool IsList);
