namespace TeleportPlugins.Fakes;

/// <summary>
/// Maps a fake's routes behind the one credential check its API makes first: the header must carry exactly the
/// expected value, else the call gets the API's own refusal (401/403 and its error shape) and the handler never runs.
/// </summary>
/// <param name="server">The fake.</param>
/// <param name="header">The credential header, e.g. <c>Authorization</c> or <c>PRIVATE-TOKEN</c>.</param>
/// <param name="expected">Its exact expected value.</param>
/// <param name="refusal">What the API answers a missing or wrong credential.</param>
internal sealed class AuthenticatedRoutes(FakeApiServer server, string header, string expected, FakeResponse refusal)
{
    /// <summary>Answers <paramref name="method"/> calls to exactly <paramref name="path"/>.</summary>
    /// <param name="method">GET, POST, ...</param>
    /// <param name="path">The exact path.</param>
    /// <param name="handler">Checks the call and answers.</param>
    public void Map(string method, string path, Func<FakeRequest, FakeResponse> handler) =>
        server.Map(method, path, request => Authenticated(request) ? handler(request) : refusal);

    /// <summary>Answers <paramref name="method"/> calls to <paramref name="path"/>, handing the handler the variable segment.</summary>
    /// <param name="method">GET, POST, ...</param>
    /// <param name="path">The template.</param>
    /// <param name="handler">Checks the call (and the segment, e.g. an issue ID) and answers.</param>
    public void Map(string method, PathTemplate path, Func<FakeRequest, string, FakeResponse> handler) =>
        server.Map(method, path.Matches, request => Authenticated(request) ? handler(request, path.Id(request.Path)) : refusal);

    private bool Authenticated(FakeRequest request) => string.Equals(request.Header(header), expected, StringComparison.Ordinal);
}
