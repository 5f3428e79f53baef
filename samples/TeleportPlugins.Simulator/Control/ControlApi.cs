using System.Text.Json;
using System.Text.Json.Serialization;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Simulator.Control;

/// <summary>
/// The control surface: a small JSON API (snake_case) on its own 127.0.0.1 port for the demo and for scripts. It acts
/// as an administrator: no RBAC, but every Teleport rule of the request state machine still applies.
/// </summary>
internal static class ControlApi
{
    public const long MaxBodySize = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 8,
    };

    public static void Map(IEndpointRouteBuilder app, SimulatorServer server)
    {
        app.MapPost("/requests", (HttpContext http) => HandleAsync(http, async () =>
        {
            var body = await ReadAsync<CreateRequestBody>(http);
            if (body.TtlSeconds is <= 0)
            {
                throw TeleportErrors.BadParameter("ttl_seconds must be positive");
            }

            var created = server.CreateRequest(new NewAccessRequest
            {
                User = body.User,
                Roles = body.Roles,
                Reason = body.Reason,
                SuggestedReviewers = body.SuggestedReviewers,
                Annotations = body.Annotations,
                Thresholds = body.Thresholds,
                Resources = body.Resources,
                Ttl = body.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            });
            return Results.Json(new { id = created.Id }, Json, statusCode: StatusCodes.Status201Created);
        }));
        app.MapPost("/requests/{id}/reviews", (HttpContext http, string id) => HandleAsync(http, async () =>
        {
            var body = await ReadAsync<ReviewBody>(http);
            var state = body.State?.ToUpperInvariant() switch
            {
                "APPROVE" or "APPROVED" => AccessRequestState.Approved,
                "DENY" or "DENIED" => AccessRequestState.Denied,
                _ => throw TeleportErrors.BadParameter("state must be \"approve\" or \"deny\""),
            };
            return Results.Json(server.SubmitReview(id, body.Author ?? "", state, body.Reason ?? ""), Json);
        }));
        app.MapPost("/requests/{id}/state", (HttpContext http, string id) => HandleAsync(http, async () =>
        {
            var body = await ReadAsync<StateBody>(http);
            if (!Enum.TryParse<AccessRequestState>(body.State, ignoreCase: true, out var state) || !Enum.IsDefined(state))
            {
                throw TeleportErrors.BadParameter("state must be \"approved\" or \"denied\"");
            }

            return Results.Json(server.SetState(id, state, body.Reason ?? "", body.Delegator ?? ""), Json);
        }));
        app.MapPost("/requests/{id}/expire", (HttpContext http, string id) => Handle(http, () =>
        {
            server.Expire(id);
            return Results.NoContent();
        }));
        app.MapDelete("/requests/{id}", (HttpContext http, string id) => Handle(http, () =>
        {
            server.Delete(id);
            return Results.NoContent();
        }));
        app.MapPost("/users", (HttpContext http) => HandleAsync(http, async () =>
        {
            var body = await ReadAsync<UserBody>(http);
            server.AddUser(new SimulatedUser(body.Name, body.Roles, body.Traits));
            return Results.Json(new { name = body.Name }, Json, statusCode: StatusCodes.Status201Created);
        }));
        app.MapGet("/users", (HttpContext http) => Handle(http, () => Results.Json(server.GetUsers(), Json)));
        app.MapPost("/resources", (HttpContext http) => HandleAsync(http, async () =>
        {
            var body = await ReadAsync<ResourceBody>(http);
            server.AddResource(new SimulatedResource(body.Kind, body.Name, body.Labels, body.CommandLabels));
            return Results.Json(new { kind = body.Kind, name = body.Name }, Json, statusCode: StatusCodes.Status201Created);
        }));
        app.MapGet("/resources", (HttpContext http) => Handle(http, () => Results.Json(server.GetResources(), Json)));
        app.MapPost("/watch/drop", (HttpContext http) => Handle(http, () =>
            Results.Json(new { dropped = server.DropWatchStreams() }, Json)));
        app.MapGet("/requests", (HttpContext http) => Handle(http, () => Results.Json(server.GetRequests(), Json)));
        app.MapGet("/requests/{id}", (HttpContext http, string id) => Handle(http, () =>
            server.GetRequest(id) is { } request
                ? Results.Json(request, Json)
                : Results.Json(new { error = $"access request \"{id}\" not found" }, Json, statusCode: StatusCodes.Status404NotFound)));
        app.MapGet("/requests/{id}/plugin-data", (HttpContext http, string id) => Handle(http, () =>
            Results.Json(server.GetPluginData(id), Json)));
        app.MapPut("/access-monitoring-rules/{name}", (HttpContext http, string name) => HandleAsync(http, async () =>
        {
            var body = await ReadAsync<RuleBody>(http);
            server.UpsertAccessMonitoringRule(new SimulatedAccessMonitoringRule(
                name, body.Subjects ?? [], body.Condition ?? "", body.NotificationName ?? "", body.Recipients ?? []));
            return Results.NoContent();
        }));
        app.MapDelete("/access-monitoring-rules/{name}", (HttpContext http, string name) => Handle(http, () =>
        {
            server.DeleteAccessMonitoringRule(name);
            return Results.NoContent();
        }));
        app.MapGet("/access-monitoring-rules", (HttpContext http) => Handle(http, () => Results.Json(server.GetAccessMonitoringRules(), Json)));
        app.MapPut("/access-lists/{name}", (HttpContext http, string name) => HandleAsync(http, async () =>
        {
            var body = await ReadAsync<AccessListBody>(http);
            server.UpsertAccessList(new SimulatedAccessList(
                name, body.Title ?? name, body.NextAuditDate, body.NotificationStart ?? TimeSpan.FromDays(14), body.Owners ?? [], body.OwnerLists ?? [], body.Members ?? [], body.MemberLists ?? []));
            return Results.NoContent();
        }));
        app.MapGet("/access-lists/{name}/plugin-data", (HttpContext http, string name) => Handle(http, () => Results.Json(server.GetAccessListPluginData(name), Json)));
        app.MapGet("/audit", (HttpContext http) => Handle(http, () => Results.Json(server.GetAuditEntries(), Json)));
    }

    private static Task Handle(HttpContext http, Func<IResult> action) => HandleAsync(http, () => Task.FromResult(action()));

    private static async Task HandleAsync(HttpContext http, Func<Task<IResult>> action)
    {
        IResult result;
        try
        {
            result = await action();
        }
        catch (RpcException e)
        {
            var status = e.StatusCode switch
            {
                StatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
                StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
                StatusCode.NotFound => StatusCodes.Status404NotFound,
                StatusCode.FailedPrecondition or StatusCode.AlreadyExists => StatusCodes.Status409Conflict,
                StatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
                _ => StatusCodes.Status500InternalServerError,
            };
            result = Results.Json(new { error = e.Status.Detail, grpc_status = (int)e.StatusCode }, Json, statusCode: status);
        }
        catch (JsonException e)
        {
            result = Results.Json(new { error = "malformed JSON: " + e.Message }, Json, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (ArgumentException e)
        {
            result = Results.Json(new { error = e.Message }, Json, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's body size limit and friends.
            result = Results.Json(new { error = e.Message }, Json, statusCode: e.StatusCode);
        }

        await result.ExecuteAsync(http);
    }

    private static async Task<T> ReadAsync<T>(HttpContext http)
        where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            throw TeleportErrors.BadParameter("content-type must be application/json");
        }

        return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Json, http.RequestAborted)
            ?? throw TeleportErrors.BadParameter("request body must be a JSON object");
    }
}
