
namespace TeleportPlugins.Fakes;

/// <summary>
/// Tells a review's comment or note from the resolution's when both go to the same endpoint (Jira comments, GitLab and
/// PagerDuty notes). The ticketing and on-call adapters word the resolution as Teleport's plugins do,
/// "Access request has been approved|denied|promoted|expired", and a review never starts that way.
/// </summary>
internal static class NoteKinds
{
    private const string ResolutionOpening = "Access request has been ";

    /// <summary>What posting <paramref name="text"/> did.</summary>
    /// <param name="text">The comment or note, decoded from the body.</param>
    /// <returns><see cref="CallKind.Update"/> for the resolution note, else <see cref="CallKind.Reply"/>.</returns>
    public static CallKind Of(string text) =>
        text.StartsWith(ResolutionOpening, StringComparison.Ordinal) ? CallKind.Update : CallKind.Reply;
}
