using Refit;

namespace TeleportPlugins.Adapters.Common.Tests.Refit;

/// <summary>A one-call API for the Refit plumbing tests.</summary>
public interface IEchoApi
{
    /// <summary>Posts a note.</summary>
    [Post("/v2/notes/{id}")]
    [Headers("Accept: application/vnd.echo+json;version=2")]
    Task<EchoNote> PostAsync(string id, [Body] EchoNote note, CancellationToken cancellationToken);
}
