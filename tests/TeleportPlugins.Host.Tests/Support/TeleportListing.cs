using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Tests.Support;

/// <summary>Reads a whole listing, for tests that look at what Teleport holds rather than at the paging.</summary>
internal static class TeleportListing
{
    public static async Task<IReadOnlyList<AccessRequestSnapshot>> ListAllAsync(this ITeleportClient client, CancellationToken cancellationToken)
    {
        var all = new List<AccessRequestSnapshot>();
        await foreach (var page in client.ListAccessRequestPagesAsync(cancellationToken))
        {
            all.AddRange(page);
        }

        return all;
    }
}
