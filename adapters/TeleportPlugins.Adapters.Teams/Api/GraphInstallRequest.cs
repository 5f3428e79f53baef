using System.Text.Json.Serialization;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>Installs a catalog app for a user: the app bound by its Graph URL.</summary>
internal sealed record GraphInstallRequest([property: JsonPropertyName("teamsApp@odata.bind")] string TeamsApp);
