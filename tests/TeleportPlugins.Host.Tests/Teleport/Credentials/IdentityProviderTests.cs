using Microsoft.Extensions.Logging;
using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Teleport.Credentials;
using TeleportPlugins.Host.Tests.Support;

namespace TeleportPlugins.Host.Tests.Teleport.Credentials;

public sealed class IdentityProviderTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private TestCluster cluster = null!;
    private TempDirectory directory = null!;
    private FakeTimeProvider clock = null!;
    private RecordingLoggerProvider log = null!;

    [OneTimeSetUp]
    public void CreateCluster() => cluster = new TestCluster("example.com");

    [SetUp]
    public void SetUp()
    {
        directory = new TempDirectory();
        clock = new FakeTimeProvider();
        log = new RecordingLoggerProvider();
    }

    [TearDown]
    public void TearDown()
    {
        directory.Dispose();
        log.Dispose();
    }

    [Test]
    public void Create_IdentityOptions_LoadsAndLogsWhoAndUntilWhen()
    {
        var path = WriteIdentity("alice");

        using var provider = IdentityProvider.Create(new TeleportOptions { Identity = path }, clock, log.CreateLogger<IdentityProvider>());

        Assert.Multiple(() =>
        {
            Assert.That(provider.Current.Username, Is.EqualTo("alice"));
            Assert.That(clock.ActiveTimers, Is.Zero, "no polling without refresh_identity");
            Assert.That(log.Lines.Single().Message, Does.Contain("alice").And.Contain("example.com").And.Contain(path));
        });
    }

    [Test]
    public void Create_KeyPairOptions_Loads()
    {
        var (key, certificate, certificateAuthorities) = TestIdentityFiles.WriteKeyPair(
            directory.Path, cluster.IssueClient("alice", TestKeyFormat.EcSec1, clock.GetUtcNow()), cluster);

        using var provider = IdentityProvider.Create(
            new TeleportOptions { ClientKey = key, ClientCrt = certificate, RootCas = certificateAuthorities }, clock, log.CreateLogger<IdentityProvider>());

        Assert.That(provider.Current.CertificateSource, Is.EqualTo($"TLS certificate file {certificate}"));
    }

    [Test]
    public void Create_BrokenIdentity_ThrowsTheLoadError()
    {
        var path = directory.Combine("identity");
        File.WriteAllText(path, "garbage");

        var error = Assert.Throws<TeleportCredentialsException>(() => IdentityProvider.Create(new TeleportOptions { Identity = path }, clock, log.CreateLogger<IdentityProvider>()));

        Assert.That(error!.Message, Does.StartWith($"identity file {path}:"));
    }

    [Test]
    public void Refresh_Off_RewrittenFileIsIgnored()
    {
        var path = WriteIdentity("alice");
        using var provider = CreateProvider(path, refresh: false);

        WriteIdentity("bob");
        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.That(provider.Current.Username, Is.EqualTo("alice"));
    }

    [Test]
    public void Refresh_RewrittenFile_PickedUpAtTheNextPoll()
    {
        var path = WriteIdentity("alice");
        using var provider = CreateProvider(path, refresh: true);
        var first = provider.Current;

        WriteIdentity("bob");
        clock.Advance(Interval - TimeSpan.FromSeconds(1));
        var beforePoll = provider.Current.Username;
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(beforePoll, Is.EqualTo("alice"));
            Assert.That(provider.Current.Username, Is.EqualTo("bob"));
            Assert.That(first.Username, Is.EqualTo("alice"), "an identity is never changed in place");
            Assert.That(log.Messages(), Has.Exactly(1).StartsWith("Reloaded the Teleport identity of bob"));
        });
    }

    [Test]
    public void Refresh_UnchangedFile_KeepsTheSameIdentityObject()
    {
        var path = WriteIdentity("alice");
        using var provider = CreateProvider(path, refresh: true);
        var first = provider.Current;

        clock.Advance(Interval * 3);

        Assert.Multiple(() =>
        {
            Assert.That(provider.Current, Is.SameAs(first));
            Assert.That(log.Lines, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void Refresh_HalfWrittenFile_KeepsTheOldIdentityAndWarnsOnce()
    {
        var path = WriteIdentity("alice");
        using var provider = CreateProvider(path, refresh: true);
        var bob = TestIdentityFiles.IdentityFileText(cluster.IssueClient("bob", TestKeyFormat.RsaPkcs1, clock.GetUtcNow()), cluster);

        File.WriteAllText(path, bob[..(bob.Length / 2)]);
        clock.Advance(Interval * 3);
        var whileBroken = provider.Current.Username;
        var warnings = log.Messages(LogLevel.Warning).ToArray();
        File.WriteAllText(path, bob);
        clock.Advance(Interval);

        Assert.Multiple(() =>
        {
            Assert.That(whileBroken, Is.EqualTo("alice"));
            Assert.That(warnings, Has.Length.EqualTo(1));
            Assert.That(warnings[0], Does.StartWith("The Teleport identity files changed but cannot be used yet").And.Contain($"identity file {path}"));
            Assert.That(provider.Current.Username, Is.EqualTo("bob"));
        });
    }

    [Test]
    public void Refresh_TbotRenewsKeyBeforeCertificate_SwitchesOnlyWhenBothAreWritten()
    {
        var tbot = directory.Combine("tbot");
        TestIdentityFiles.WriteTbotDirectory(tbot, cluster.IssueClient("bot", TestKeyFormat.EcSec1, clock.GetUtcNow()), cluster, withIdentityFile: false);
        using var provider = CreateProvider(tbot, refresh: true);
        var renewed = cluster.IssueClient("bot", TestKeyFormat.EcSec1, clock.GetUtcNow().AddMinutes(20), clock.GetUtcNow().AddHours(2));
        var firstNotAfter = provider.Current.NotAfter;

        clock.Advance(TimeSpan.FromMinutes(20));
        File.WriteAllText(Path.Combine(tbot, "key"), renewed.KeyPem);
        clock.Advance(Interval);
        var afterKeyOnly = provider.Current.NotAfter;
        File.WriteAllText(Path.Combine(tbot, "tlscert"), renewed.CertificatePem);
        clock.Advance(Interval);

        Assert.Multiple(() =>
        {
            Assert.That(afterKeyOnly, Is.EqualTo(firstNotAfter));
            Assert.That(log.Messages(LogLevel.Warning).Single(), Does.Contain("does not match the TLS certificate"));
            Assert.That(provider.Current.NotAfter, Is.EqualTo(new DateTimeOffset(renewed.Certificate.NotAfter.ToUniversalTime())));
        });
    }

    [Test]
    public void Refresh_RenewedFileAlreadyExpired_KeepsTheCurrentIdentity()
    {
        var path = WriteIdentity("alice");
        using var provider = CreateProvider(path, refresh: true);
        var now = clock.GetUtcNow();
        File.WriteAllText(path, TestIdentityFiles.IdentityFileText(cluster.IssueClient("bob", TestKeyFormat.EcSec1, now.AddHours(-2), now.AddHours(-1)), cluster));

        clock.Advance(Interval);

        Assert.Multiple(() =>
        {
            Assert.That(provider.Current.Username, Is.EqualTo("alice"));
            Assert.That(log.Messages(LogLevel.Warning).Single(), Does.Contain("expired at"));
        });
    }

    [Test]
    public void Refresh_CurrentIdentityExpiresWithoutRenewal_ReportsItOnce()
    {
        var path = WriteIdentity("alice");
        using var provider = CreateProvider(path, refresh: true);

        clock.Advance(TimeSpan.FromHours(3));

        Assert.That(log.Messages(LogLevel.Error).Count(m => m.Contains("no renewed identity has appeared", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void Dispose_StopsPolling()
    {
        var path = WriteIdentity("alice");
        var provider = CreateProvider(path, refresh: true);

        provider.Dispose();
        WriteIdentity("bob");
        clock.Advance(Interval * 2);

        Assert.Multiple(() =>
        {
            Assert.That(clock.ActiveTimers, Is.Zero);
            Assert.That(provider.Current.Username, Is.EqualTo("alice"));
        });
    }

    private IdentityProvider CreateProvider(string path, bool refresh) =>
        new(IdentitySource.FromIdentity(path), refresh, Interval, clock, log.CreateLogger<IdentityProvider>());

    private string WriteIdentity(string username)
    {
        var path = directory.Combine("identity");
        File.WriteAllText(path, TestIdentityFiles.IdentityFileText(cluster.IssueClient(username, TestKeyFormat.EcSec1, clock.GetUtcNow()), cluster));
        return path;
    }
}
