using System.Globalization;
using TeleportPlugins.Adapters.Testing;
using TeleportPlugins.Fakes.GitLab;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Adapters.GitLab.Tests;

/// <summary>The GitLab adapter in the host-like step harness against the fake.</summary>
internal static class GitLabStepHarness
{
    /// <summary>Creates the adapter on <paramref name="gitlab"/>'s project; GitLab's clock follows the host's, a second on for each step.</summary>
    public static AdapterHarness Start(GitLabApiFake gitlab, FakeTimeProvider clock)
    {
        var options = new GitLabOptions { Url = gitlab.BaseAddress, Token = gitlab.Token, ProjectId = gitlab.ProjectId.ToString(CultureInfo.InvariantCulture) };
        return new AdapterHarness(new GitLabAdapterFactory(), options, clock, AdapterHarness.Recipients(), beforeEachStep: () =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            gitlab.Now = clock.GetUtcNow();
        });
    }
}
