namespace TeleportPlugins.Contracts;

/// <summary>The answer of <see cref="IOnBehalfReviewService.FindReviewerAsync"/> (contract 1.4).</summary>
/// <param name="Outcome">Whether exactly one user was found.</param>
/// <param name="TeleportUser">The Teleport user when <see cref="ReviewerLookupOutcome.Found"/>, else null.</param>
/// <param name="Detail">Why not, for the clicking user (names the trait, never a secret); empty when found.</param>
public sealed record ReviewerLookup(ReviewerLookupOutcome Outcome, string? TeleportUser, string Detail)
{
    /// <summary>A found user.</summary>
    /// <param name="teleportUser">The Teleport user.</param>
    /// <returns>The look-up.</returns>
    public static ReviewerLookup Found(string teleportUser) => new(ReviewerLookupOutcome.Found, teleportUser, string.Empty);
}
