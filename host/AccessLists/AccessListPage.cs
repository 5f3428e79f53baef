namespace TeleportPlugins.Host.AccessLists;

/// <summary>One page of a Teleport listing.</summary>
/// <typeparam name="T">What is listed.</typeparam>
/// <param name="Items">The page.</param>
/// <param name="NextToken">The next page's token; empty after the last page.</param>
internal sealed record AccessListPage<T>(IReadOnlyList<T> Items, string NextToken);
