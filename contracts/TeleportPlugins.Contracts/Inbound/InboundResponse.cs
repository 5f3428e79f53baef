namespace TeleportPlugins.Contracts;

/// <summary>The response to an inbound HTTP request.</summary>
/// <param name="StatusCode">The status code.</param>
/// <param name="Body">A short text body; never echo secrets or request content back.</param>
public sealed record InboundResponse(int StatusCode, string Body = "")
{
    /// <summary>
    /// The body's media type (since contract 1.4); plain text unless set, e.g. <c>application/json</c> for a tool that
    /// reads the answer as JSON (Discord's interaction responses).
    /// </summary>
    public string ContentType { get; init; } = "text/plain; charset=utf-8";

    /// <summary>200 OK.</summary>
    public static InboundResponse Ok { get; } = new(200, "ok");

    /// <summary>401: the signature, token or credentials did not verify.</summary>
    public static InboundResponse Unauthorized { get; } = new(401, "unauthorized");

    /// <summary>400: the body could not be understood.</summary>
    public static InboundResponse BadRequest { get; } = new(400, "bad request");
}
