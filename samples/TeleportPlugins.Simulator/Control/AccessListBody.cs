namespace TeleportPlugins.Simulator.Control;

/// <summary>
/// PUT /access-lists/{name}: the list's title, due date, notification window (Teleport's default, two weeks, when
/// absent), owners and members; <c>..._lists</c> name nested access lists.
/// </summary>
internal sealed record AccessListBody(
    string? Title,
    DateTimeOffset NextAuditDate,
    TimeSpan? NotificationStart,
    IReadOnlyList<string>? Owners,
    IReadOnlyList<string>? OwnerLists,
    IReadOnlyList<string>? Members,
    IReadOnlyList<string>? MemberLists);
