namespace TeleportPlugins.Fakes.Jira;

/// <summary>A comment stored by the fake.</summary>
/// <param name="Id">The comment ID.</param>
/// <param name="Author">Who wrote it.</param>
/// <param name="Body">The wiki-markup body.</param>
/// <param name="Created">When.</param>
public sealed record FakeJiraComment(string Id, FakeJiraUser Author, string Body, DateTimeOffset Created);
