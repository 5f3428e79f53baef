using System.Text;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Host.Configuration;
using TeleportPlugins.Host.Configuration.Toml;

namespace TeleportPlugins.Host.Tests.Configuration;

[TestFixture]
public sealed class TomlConfigurationProviderTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("toml-provider-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Load_EachScalarKind_FlattensToInvariantText()
    {
        var provider = Load("""
            [values]
            text = "x\ty"
            hex = 0x1_00
            negative = -17
            big = 9_223_372_036_854_775_807
            float = 6.02e23
            fraction = -0.1
            positive-infinity = inf
            negative-infinity = -inf
            not-a-number = nan
            yes = true
            no = false
            offset = 1979-05-27 07:32:00.5-07:00
            utc = 1979-05-27t07:32:00z
            local = 1979-05-27 07:32:00.123456
            local-short = 1979-05-27t07:32
            date = 1979-05-27
            time = 07:32:00.25
            """);

        Assert.That(Values(provider, "values"), Is.EqualTo(new Dictionary<string, string?>
        {
            ["values:text"] = "x\ty",
            ["values:hex"] = "256",
            ["values:negative"] = "-17",
            ["values:big"] = "9223372036854775807",
            ["values:float"] = "6.02E+23",
            ["values:fraction"] = "-0.1",
            ["values:positive-infinity"] = "Infinity",
            ["values:negative-infinity"] = "-Infinity",
            ["values:not-a-number"] = "NaN",
            ["values:yes"] = "true",
            ["values:no"] = "false",
            ["values:offset"] = "1979-05-27T07:32:00.5000000-07:00",
            ["values:utc"] = "1979-05-27T07:32:00.0000000+00:00",
            ["values:local"] = "1979-05-27T07:32:00.123456",
            ["values:local-short"] = "1979-05-27T07:32:00",
            ["values:date"] = "1979-05-27",
            ["values:time"] = "07:32:00.25",
        }));
    }

    [Test]
    public void Load_NestedTablesAndDottedKeys_JoinPartsWithColons()
    {
        var provider = Load("""
            top = 1
            [slack]
            token = "x"
            [a.b]
            c = 2
            d.e."f.g" = 3
            """);

        Assert.That(Values(provider), Is.EqualTo(new Dictionary<string, string?>
        {
            ["top"] = "1",
            ["slack:token"] = "x",
            ["a:b:c"] = "2",
            ["a:b:d:e:f.g"] = "3",
        }));
    }

    [Test]
    public void Load_Arrays_IndexEachElement()
    {
        var provider = Load("""
            roles = ["dev", "ops"]
            matrix = [[1, 2], [3]]
            people = [{ name = "a" }, { name = "b", tags = ["x"] }]
            """);

        Assert.That(Values(provider), Is.EqualTo(new Dictionary<string, string?>
        {
            ["roles:0"] = "dev",
            ["roles:1"] = "ops",
            ["matrix:0:0"] = "1",
            ["matrix:0:1"] = "2",
            ["matrix:1:0"] = "3",
            ["people:0:name"] = "a",
            ["people:1:name"] = "b",
            ["people:1:tags:0"] = "x",
        }));
    }

    [Test]
    public void Load_ArrayOfTables_IndexesTablesAndLocatesEachHeader()
    {
        var provider = Load("""
            [[rule]]
            name = "first"

            [[rule]]
            name = "second"
            [rule.match]
            role = "dev"
            """);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Values(provider), Is.EqualTo(new Dictionary<string, string?>
            {
                ["rule:0:name"] = "first",
                ["rule:1:name"] = "second",
                ["rule:1:match:role"] = "dev",
            }));
            Assert.That(At(provider, "rule:0"), Is.EqualTo((1, 1)));
            Assert.That(At(provider, "rule:1"), Is.EqualTo((4, 1)));
            Assert.That(At(provider, "rule:1:match"), Is.EqualTo((6, 1)));
        }
    }

    [Test]
    public void Load_EmptyTableAndArray_AppearWithNullValue()
    {
        var provider = Load("""
            list = []
            [email]
            """);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(provider.TryGet("email", out var section), Is.True);
            Assert.That(section, Is.Null);
            Assert.That(provider.TryGet("list", out var list), Is.True);
            Assert.That(list, Is.Null);
            Assert.That(provider.TryGet("absent", out _), Is.False);
        }
    }

    [Test]
    public void Load_KeysAndHeaders_RecordLineColumnAndKeyAsWrittenIgnoringCase()
    {
        var provider = Load("""
            # Slack
            [slack.reviewers]
              devs = ["a@example.com"]
            [slack]
            token = "x"
            recipients.default = "#access"
            """);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(At(provider, "slack"), Is.EqualTo((4, 1)));
            Assert.That(At(provider, "SLACK:TOKEN"), Is.EqualTo((5, 1)));
            Assert.That(At(provider, "slack:reviewers"), Is.EqualTo((2, 1)));
            Assert.That(At(provider, "slack:reviewers:devs"), Is.EqualTo((3, 3)));
            Assert.That(At(provider, "slack:reviewers:devs:0"), Is.EqualTo((3, 11)));
            Assert.That(At(provider, "slack:recipients"), Is.EqualTo((6, 1)));
            Assert.That(At(provider, "slack:recipients:default"), Is.EqualTo((6, 12)));
            Assert.That(provider.Locations["slack:token"].File, Is.EqualTo(provider.Path));
            Assert.That(provider.Locations["SLACK:REVIEWERS:DEVS:0"].Key, Is.EqualTo("slack.reviewers.devs[0]"));
            Assert.That(provider.Locations["slack:recipients:default"].Key, Is.EqualTo("slack.recipients.default"));
        }
    }

    [Test]
    public void Load_KeysDifferingOnlyByCase_ReportedAtTheSecond()
    {
        var provider = Load("""
            [slack]
            token = "a"
            Token = "b"
            """);

        Assert.That(provider.Diagnostics, Is.EqualTo(new[]
        {
            new TomlDiagnostic(3, 1, "slack.Token", "also defined at line 2, column 1 as 'slack.token'; configuration keys ignore case"),
        }));
    }

    [Test]
    public void Load_InvalidUtf8_ReportsLineAndColumnOfTheBadByteAndLoadsNothing()
    {
        var path = Path.Combine(_directory, "bad.toml");
        File.WriteAllBytes(path, [.. "a = 1\nb = \"é"u8, 0xC3, 0x28, .. "\"\n"u8]);
        var provider = new TomlConfigurationProvider(path);

        provider.Load();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(provider.IsReadable, Is.False);
            Assert.That(provider.Diagnostics, Is.EqualTo(new[] { new TomlDiagnostic(2, 7, null, "the file is not valid UTF-8") }));
            Assert.That(provider.TryGet("a", out _), Is.False);
        }
    }

    [Test]
    public void Load_DuplicateKeyAndRedefinedTable_EveryOneReportedNamingTheFullKey()
    {
        var provider = Load("""
            [jira]
            project = "OPS"
            project = "DEV"
            [slack]
            token = "xoxb-secret"
            [jira]
            url = "https://jira.example.com"
            """);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(provider.Diagnostics.Select(d => (d.Line, d.Column, d.Key)), Is.EqualTo(new[] { (3, 1, (string?)"jira.project"), (6, 1, "jira") }));
            Assert.That(provider.Diagnostics.Select(d => d.Message), Has.All.StartWith("already defined at line "));
            Assert.That(string.Join("\n", provider.Diagnostics), Does.Not.Contain("OPS").And.Not.Contain("xoxb-secret"));
        }
    }

    [Test]
    public void Load_SeveralSyntaxErrors_AllReportedAndTheRestStillLoaded()
    {
        var provider = Load("""
            [teleport]
            addr = "teleport.example.com:443"
            identity = /bad
            [slack]
            token = xoxb-123
            channel = "#access"
            """);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(provider.Diagnostics.Select(d => d.Line).Distinct(), Is.EqualTo(new[] { 3, 5 }));
            Assert.That(provider.Diagnostics.Select(d => d.Key).Distinct(), Is.EqualTo(new[] { "teleport.identity", "slack.token" }));
            Assert.That(string.Join("\n", provider.Diagnostics), Does.Not.Contain("xoxb"));
            Assert.That(provider.TryGet("slack:channel", out var channel) ? channel : null, Is.EqualTo("#access"));
            Assert.That(provider.TryGet("teleport:addr", out var addr) ? addr : null, Is.EqualTo("teleport.example.com:443"));
        }
    }

    [Test]
    public void Load_Toml11Forms_Accepted()
    {
        var provider = Load("""
            [values]
            escape = "\e[0m"
            hex = "\x41"
            short-time = 07:32
            inline = {
              a = 1,
              b = 2,
            }
            """);

        Assert.That(Values(provider, "values"), Is.EqualTo(new Dictionary<string, string?>
        {
            ["values:escape"] = "\u001b[0m",
            ["values:hex"] = "A",
            ["values:short-time"] = "07:32:00",
            ["values:inline:a"] = "1",
            ["values:inline:b"] = "2",
        }));
    }

    [Test]
    public void Load_MissingFile_ThrowsFileNotFoundNamingThePath()
    {
        var path = Path.Combine(_directory, "absent.toml");
        var provider = new TomlConfigurationProvider(path);

        var error = Assert.Throws<FileNotFoundException>(provider.Load);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.FileName, Is.EqualTo(path));
            Assert.That(error.Message, Does.Contain(path));
        }
    }

    private TomlConfigurationProvider Load(string toml)
    {
        var provider = new TomlConfigurationProvider(Write(toml));
        provider.Load();
        return provider;
    }

    private string Write(string toml)
    {
        var path = Path.Combine(_directory, "teleport-plugins.toml");
        File.WriteAllText(path, toml, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    // The leaf values under 'section' (all when null), as the configuration system sees them.
    private static Dictionary<string, string?> Values(TomlConfigurationProvider provider, string? section = null) =>
        new ConfigurationRoot([provider]).AsEnumerable()
            .Where(pair => pair.Value is not null && (section is null || pair.Key.StartsWith(section + ":", StringComparison.Ordinal)))
            .ToDictionary(pair => pair.Key, pair => pair.Value);

    private static (int Line, int Column) At(TomlConfigurationProvider provider, string key) =>
        (provider.Locations[key].Line, provider.Locations[key].Column);
}
