using System.Runtime.InteropServices;
using TeleportPlugins.Host.Tests.Support;
using TeleportPlugins.Performance.Results;

namespace TeleportPlugins.Performance.Tests.Results;

public sealed class RunEnvironmentTests
{
    [Test]
    public void Capture_ThisCheckout_MachineFactsAndHeadCommit()
    {
        var clock = new FakeTimeProvider();

        var environment = RunEnvironment.Capture(RepositoryPaths.Root, clock);

        Assert.Multiple(() =>
        {
            Assert.That(environment.Cores, Is.EqualTo(Environment.ProcessorCount));
            Assert.That(environment.Dotnet, Is.EqualTo(RuntimeInformation.FrameworkDescription));
            Assert.That(environment.Os, Is.EqualTo(RuntimeInformation.OSDescription));
            Assert.That(environment.Commit, Does.Match("^[0-9a-f]{40}$"));
            Assert.That(environment.ShortCommit, Is.EqualTo(environment.Commit[..7]));
            Assert.That(environment.MeasuredAt, Is.EqualTo(clock.GetUtcNow()));
        });
    }

    [Test]
    public void Capture_NotACheckout_CommitUnknown()
    {
        using var temp = new TempDirectory();

        var environment = RunEnvironment.Capture(temp.Path);

        Assert.That((environment.Commit, environment.ShortCommit), Is.EqualTo((RunEnvironment.UnknownCommit, RunEnvironment.UnknownCommit)));
    }
}
