using Microsoft.Extensions.Configuration;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Teleport;

namespace TeleportPlugins.Host.Tests.Configuration;

[TestFixture]
public sealed class TomlConfigurationExtensionsTests
{
    private const string TokenVariable = "TELEPORT_PLUGINS__SLACK__TOKEN";

    private string _path = null!;

    [SetUp]
    public void WriteConfiguration()
    {
        _path = Path.Combine(Directory.CreateTempSubdirectory("toml-extensions-").FullName, "teleport-plugins.toml");
        File.WriteAllText(_path, """
            [teleport]
            addr = "teleport.example.com:443"
            identity = "/var/lib/teleport-plugins/identity"
            refresh_identity = true
            refresh_identity_interval = "00:05:00"

            [slack]
            token = "from-file"
            """);
    }

    [TearDown]
    public void Clean()
    {
        Environment.SetEnvironmentVariable(TokenVariable, null);
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
    }

    [Test]
    public void AddTomlFile_EnvironmentVariableAddedAfter_OverridesTheFileValue()
    {
        Environment.SetEnvironmentVariable(TokenVariable, "from-environment");

        var configuration = BuildFileThenEnvironment();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(configuration["slack:token"], Is.EqualTo("from-environment"));
            Assert.That(configuration["teleport:addr"], Is.EqualTo("teleport.example.com:443"));
        }
    }

    [Test]
    public void AddTomlFile_NoEnvironmentVariable_KeepsTheFileValue()
    {
        var configuration = BuildFileThenEnvironment();

        Assert.That(configuration["slack:token"], Is.EqualTo("from-file"));
    }

    [Test]
    public void AddTomlFile_TeleportSection_BindsToTeleportOptions()
    {
        var configuration = new ConfigurationBuilder().AddTomlFile(_path).Build();

        var options = configuration.GetSection(TeleportOptions.SectionName).Get<TeleportOptions>();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options?.Addr, Is.EqualTo("teleport.example.com:443"));
            Assert.That(options?.Identity, Is.EqualTo("/var/lib/teleport-plugins/identity"));
            Assert.That(options?.RefreshIdentity, Is.True);
            Assert.That(options?.RefreshIdentityInterval, Is.EqualTo(TimeSpan.FromMinutes(5)));
        }
    }

    [Test]
    public void AddTomlFile_InvalidToml_BuildKeepsTheErrorWithLineColumnAndKey()
    {
        File.WriteAllText(_path, "[slack]\ntoken = \"unterminated\n");

        var provider = new ConfigurationBuilder().AddTomlFile(_path).Build().Providers.OfType<TomlConfigurationProvider>().Single();

        Assert.That(provider.Diagnostics.Select(d => (d.Line, d.Column, d.Key)), Has.Member((2, 22, (string?)"slack.token")));
    }

    [Test]
    public void AddTomlFile_BuiltConfiguration_ExposesTheProviderWithLocations()
    {
        var configuration = new ConfigurationBuilder().AddTomlFile(_path).Build();

        var provider = configuration.Providers.OfType<TomlConfigurationProvider>().Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(provider.Path, Is.EqualTo(_path));
            Assert.That(provider.Locations["slack:token"], Is.EqualTo(new ConfigurationKeyLocation(_path, 8, 1, "slack.token")));
        }
    }

    private IConfigurationRoot BuildFileThenEnvironment() =>
        new ConfigurationBuilder()
            .AddTomlFile(_path)
            .AddEnvironmentVariables("TELEPORT_PLUGINS__")
            .Build();
}
