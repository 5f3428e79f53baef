using TeleportPlugins.Adapters.Common.Messaging;
using TeleportPlugins.Adapters.Common.Refit;
using TeleportPlugins.Adapters.Common.Reviews;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Adapters.Teams;

/// <summary>The Microsoft Teams adapter's entry point. Its plugin-data name, <c>teams</c>, is this adapter's own.</summary>
public sealed class TeamsAdapterFactory : AccessRequestAdapterFactory<TeamsOptions>
{
    /// <inheritdoc />
    public override string Name => "teams";

    /// <inheritdoc />
    protected override IAccessRequestAdapter Create(AdapterContext context, TeamsOptions options)
    {
        var settings = options.ToSettings(context);
#pragma warning disable CA2000 // each is owned by the platform, which the adapter disposes
        var tokens = new TeamsTokens(RefitApi.Create<ITeamsLoginApi>(context.HttpClient, options.LoginUrl, TeamsJsonContext.Default), options, context.TimeProvider);
        var graph = RefitApi.Create<IGraphApi>(context.HttpClient, options.GraphUrl, TeamsJsonContext.Default, new TeamsTokenHandler(tokens, TeamsTokens.GraphScope));
        var bot = RefitApi.Create<IBotConnectorApi>(context.HttpClient, options.ConnectorUrl, TeamsJsonContext.Default, new TeamsTokenHandler(tokens, TeamsTokens.BotScope));
#pragma warning restore CA2000

        // Preload covers everyone the configuration names; suggested reviewers are only known per request.
        var configured = settings.RoleToRecipients.Roles.SelectMany(role => settings.RoleToRecipients[role])
            .Concat(settings.Recipients)
            .Select(r => r.Trim())
            .Where(r => r.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var platform = new TeamsPlatform(options, tokens, graph, bot, configured, context.Logger, context.TimeProvider);
        if (!options.Review.Enabled)
        {
            return new TeamsAdapter(new ChatAdapter(platform, settings, context.Logger), platform, null, null);
        }

#pragma warning disable CA2000 // owned by the adapter, which disposes it
        var botTokens = new BotFrameworkTokens(context.HttpClient, options, context.TimeProvider);
#pragma warning restore CA2000
        var flow = new ToolReviewFlow(context.OnBehalfReviews, options.Review, "Teams", context.Logger);
        var replays = new ReplayGuard(context.TimeProvider, BotFrameworkTokens.ClockSkew);
        return new TeamsAdapter(
            new ChatAdapter(platform, settings, context.Logger),
            platform,
            maxBodyBytes => new TeamsReviewEndpoint(options, botTokens, flow, replays, graph, context.Logger, maxBodyBytes),
            botTokens);
    }
}
