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
            local = 1979-05-27 07:32:00.123456789
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
            ["values:local"] = "1979-05-27T07:32:00.123456789",
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
            Assert.That(provider.Locations["rule:0"], Is.EqualTo(Location(provider, 1, 1)));
            Assert.That(provider.Locations["rule:1"], Is.EqualTo(Location(provider, 4, 1)));
            Assert.That(provider.Locations["rule:1:match"], Is.EqualTo(Location(provider, 6, 1)));
            Assert.That(provider.ValueKinds["rule"], Is.EqualTo("array"));
            Assert.That(provider.ValueKinds["rule:1"], Is.EqualTo("table"));
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
    public void Load_KeysAndHeaders_RecordLineAndColumnIgnoringCase()
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
            Assert.That(provider.Locations["slack"], Is.EqualTo(Location(provider, 4, 1)));
            Assert.That(provider.Locations["SLACK:TOKEN"], Is.EqualTo(Location(provider, 5, 1)));
            Assert.That(provider.Locations["slack:reviewers"], Is.EqualTo(Location(provider, 2, 1)));
            Assert.That(provider.Locations["slack:reviewers:devs"], Is.EqualTo(Location(provider, 3, 3)));
            Assert.That(provider.Locations["slack:reviewers:devs:0"], Is.EqualTo(Location(provider, 3, 11)));
            Assert.That(provider.Locations["slack:recipients"], Is.EqualTo(Location(provider, 6, 1)));
            Assert.That(provider.Locations["slack:recipients:default"], Is.EqualTo(Location(provider, 6, 12)));
            Assert.That(provider.Locations["slack:token"].File, Is.EqualTo(provider.Path));
        }
    }

    [Test]
    public void Load_EachValueType_RecordsItsKind()
    {
        var provider = Load("""
            s = "x"
            i = 1
            f = 1.5
            b = true
            odt = 1979-05-27T07:32:00Z
            ldt = 1979-05-27T07:32:00
            ld = 1979-05-27
            lt = 07:32:00
            a = [1]
            t = {}
            """);

        Assert.That(provider.ValueKinds, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["s"] = "string",
            ["i"] = "integer",
            ["f"] = "float",
            ["b"] = "boolean",
            ["odt"] = "datetime",
            ["ldt"] = "datetime",
            ["ld"] = "datetime",
            ["lt"] = "datetime",
            ["a"] = "array",
            ["a:0"] = "integer",
            ["t"] = "table",
        }));
    }

    [Test]
    public void Load_KeysDifferingOnlyByCase_ThrowsAtTheSecond()
    {
        var path = Write("""
            [slack]
            token = "a"
            Token = "b"
            """);
        var provider = new TomlConfigurationProvider(path);

        var error = Assert.Throws<TomlParseException>(provider.Load);

        Assert.That(error.Message, Is.EqualTo(path + ":3:1: configuration key 'slack:Token' is also defined at line 2, column 1; configuration keys ignore case"));
    }

    [Test]
    public void Load_InvalidUtf8_ThrowsWithLineAndColumnOfTheBadByte()
    {
        var path = Path.Combine(_directory, "bad.toml");
        File.WriteAllBytes(path, [.. "a = 1\nb = \"é"u8, 0xC3, 0x28, .. "\"\n"u8]);
        var provider = new TomlConfigurationProvider(path);

        var error = Assert.Throws<TomlParseException>(provider.Load);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.SourceName, Is.EqualTo(path));
            Assert.That(error.Line, Is.EqualTo(2));
            Assert.That(error.Column, Is.EqualTo(7));
            Assert.That(error.Message, Does.StartWith(path + ":2:7: the file is not valid UTF-8"));
        }
    }

    [Test]
    public void Load_MissingFile_ThrowsFileNotFoundNamingThePath()
    {
        var path = Path.Combine(_directory, "absent", "teleport-plugins.toml");
        var provider = new TomlConfigurationProvider(path);

        var error = Assert.Throws<FileNotFoundException>(provider.Load);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.FileName, Is.EqualTo(path));
            Assert.That(error.Message, Does.Contain(path));
        }
    }

    [Test]
    public void Load_ReloadAfterBrokenEdit_KeepsLastGoodValues()
    {
        var path = Write("token = \"good\"");
        var provider = new TomlConfigurationProvider(path);
        provider.Load();
        File.WriteAllText(path, "token = ");

        Assert.Throws<TomlParseException>(provider.Load);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(provider.TryGet("token", out var token), Is.True);
            Assert.That(token, Is.EqualTo("good"));
            Assert.That(provider.Locations.Keys, Is.EquivalentTo(new[] { "token" }));
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

    private static ConfigurationKeyLocation Location(TomlConfigurationProvider provider, int line, int column) =>
        new(provider.Path, line, column);
}
