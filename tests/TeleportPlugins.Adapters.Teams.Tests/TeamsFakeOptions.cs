using TeleportPlugins.Fakes.Teams;

namespace TeleportPlugins.Adapters.Teams.Tests;

/// <summary>The adapter's options pointing at a <see cref="TeamsApiFake"/>: its app, secret, tenant and URLs.</summary>
internal static class TeamsFakeOptions
{
    public static TeamsOptions For(TeamsApiFake fake, Action<TeamsOptions>? configure = null)
    {
        var options = new TeamsOptions
        {
            AppId = fake.AppId,
            AppSecret = fake.Secret,
            TenantId = fake.TenantId,
            TeamsAppId = TeamsApiFake.TeamsAppId,
            LoginUrl = fake.LoginUrl,
            GraphUrl = fake.GraphUrl,
            BotUrl = fake.BotUrl,
        };
        options.Review.OpenIdMetadataUrl = fake.Channel.MetadataUrl;
        configure?.Invoke(options);
        return options;
    }
}
