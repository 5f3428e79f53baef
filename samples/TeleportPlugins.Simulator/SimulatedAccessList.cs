namespace TeleportPlugins.Simulator;

/// <summary>
/// An access list as the simulator's control surface creates it: Teleport's <c>access_list</c> resource with the fields
/// review reminders read. Owners and members that are nested access lists are named in the <c>...Lists</c> parameters
/// (Teleport's <c>MEMBERSHIP_KIND_LIST</c>).
/// </summary>
/// <param name="Name">The list's resource name.</param>
/// <param name="Title">Its title.</param>
/// <param name="NextAuditDate">When its next review is due.</param>
/// <param name="NotificationStart">How long before the due date owners are reminded.</param>
/// <param name="Owners">Users who own it.</param>
/// <param name="OwnerLists">Access lists whose members own it.</param>
/// <param name="Members">Users who are members.</param>
/// <param name="MemberLists">Access lists whose members are members.</param>
public sealed record SimulatedAccessList(
    string Name,
    string Title,
    DateTimeOffset NextAuditDate,
    TimeSpan NotificationStart,
    IReadOnlyList<string> Owners,
    IReadOnlyList<string> OwnerLists,
    IReadOnlyList<string> Members,
    IReadOnlyList<string> MemberLists);
