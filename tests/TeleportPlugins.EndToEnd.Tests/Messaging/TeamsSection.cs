using System.Text.Json;
using TeleportPlugins.Fakes.Teams;

namespace TeleportPlugins.EndToEnd.Tests.Messaging;

/// <summary>The <c>[teams]</c> keys that point the adapter at a <see cref="TeamsApiFake"/>; tests add their own after it.</summary>
internal static class TeamsSection
{
    public static string For(TeamsApiFake fake) => $"""
        [teams]
        app_id = {JsonSerializer.Serialize(fake.AppId)}
        app_secret = {JsonSerializer.Serialize(fake.Secret)}
        tenant_id = {JsonSerializer.Serialize(fake.TenantId)}
        teams_app_id = {JsonSerializer.Serialize(TeamsApiFake.TeamsAppId)}
        login_url = {JsonSerializer.Serialize(fake.LoginUrl.ToString())}
        graph_url = {JsonSerializer.Serialize(fake.GraphUrl.ToString())}
        bot_url = {JsonSerializer.Serialize(fake.BotUrl.ToString())}

        """;
}
