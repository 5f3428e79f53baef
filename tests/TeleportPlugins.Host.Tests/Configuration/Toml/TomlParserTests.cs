using System.Diagnostics;
using System.Text;
using TeleportPlugins.Host.Configuration.Toml;

namespace TeleportPlugins.Host.Tests.Configuration.Toml;

[TestFixture]
public sealed class TomlParserTests
{
    private const string Source = "config.toml";

    [Test]
    public void Parse_DuplicateKey_ReportsTheSecondDefinition()
    {
        var error = ParseError("a = 1\nb = 2\n  a = 3\n");

        Assert.That(error.Message, Is.EqualTo("config.toml:3:3: 'a' is already defined as an integer at line 1, column 1"));
    }

    [Test]
    public void Parse_TableDefinedTwice_ReportsTheSecondHeader()
    {
        var error = ParseError("[slack]\ntoken = \"x\"\n\n[slack]\n");

        using (Assert.EnterMultipleScope())
        {
            Assert.That((error.SourceName, error.Line, error.Column), Is.EqualTo((Source, 4, 1)));
            Assert.That(error.Reason, Is.EqualTo("'slack' is already defined as a table at line 1, column 1"));
        }
    }

    [Test]
    public void Parse_DottedKeyIntoInlineTable_ReportsTheDottedPart()
    {
        var error = ParseError("point = { x = 1 }\npoint.y = 2\n");

        Assert.That(
            error.Message,
            Is.EqualTo("config.toml:2:1: 'point' is already defined as an inline table, which cannot be changed after it is written, at line 1, column 1"));
    }

    [Test]
    public void Parse_ErrorAfterCharactersOutsideTheBmp_CountsColumnsInCodePoints()
    {
        var error = ParseError("k = \"\U0001F600\U0001F600\" x\n");

        Assert.That((error.Line, error.Column), Is.EqualTo((1, 10)));
    }

    [Test]
    public void Parse_ErrorAfterByteOrderMarkOrCrLf_CountsNeitherAsAColumn()
    {
        var afterMark = ParseError("\uFEFFa = ?\r\n");
        var afterCrLf = ParseError("a = 1\r\nb = ?\r\n");

        using (Assert.EnterMultipleScope())
        {
            Assert.That((afterMark.Line, afterMark.Column), Is.EqualTo((1, 5)));
            Assert.That((afterCrLf.Line, afterCrLf.Column), Is.EqualTo((2, 5)));
        }
    }

    [Test]
    public void Parse_ErrorAfterMultilineString_CountsTheLinesInsideIt()
    {
        var error = ParseError("a = \"\"\"\none\r\ntwo\\\n  \"\"\"\nb = 1 1\n");

        Assert.That((error.Line, error.Column), Is.EqualTo((5, 7)));
    }

    [Test]
    public void Parse_BareCarriageReturn_IsRejected()
    {
        var error = ParseError("a = 1\rb = 2\n");

        Assert.That((error.Line, error.Column, error.Reason), Is.EqualTo((1, 6, "a carriage return must be followed by a line feed")));
    }

    [Test]
    public void Parse_UnpairedSurrogateInString_IsRejected()
    {
        var error = ParseError("a = \"x\uD800y\"\n");

        Assert.That((error.Line, error.Column), Is.EqualTo((1, 7)));
    }

    [Test]
    public void Parse_ArraysNestedDeeperThanTheLimit_AreRejectedWithoutOverflowingTheStack()
    {
        var text = "a = " + new string('[', 100_000) + new string(']', 100_000);

        var error = ParseError(text);

        Assert.That((error.Line, error.Column, error.Reason), Is.EqualTo((1, "a = ".Length + TomlParser.MaxDepth + 1, "keys, tables and arrays nest deeper than 128 levels")));
    }

    [Test]
    public void Parse_InlineTablesNestedDeeperThanTheLimit_AreRejected()
    {
        var text = "a = " + string.Concat(Enumerable.Repeat("{ b = ", 10_000)) + "1" + new string('}', 10_000);

        var error = ParseError(text);

        Assert.That(error.Reason, Is.EqualTo("keys, tables and arrays nest deeper than 128 levels"));
    }

    [Test]
    public void Parse_DottedKeyDeeperThanTheLimit_IsRejected()
    {
        var text = "[" + string.Join('.', Enumerable.Repeat("t", 100)) + "]\n" + string.Join('.', Enumerable.Repeat("k", 100)) + " = 1\n";

        var error = ParseError(text);

        Assert.That((error.Line, error.Reason), Is.EqualTo((2, "keys, tables and arrays nest deeper than 128 levels")));
    }

    [Test]
    public void Parse_IntegerLimits_AreExactAndOverflowIsRejected()
    {
        var root = TomlParser.Parse("min = -9_223_372_036_854_775_808\nmax = 0x7FFF_FFFF_FFFF_FFFF\n", Source);
        var error = ParseError("a = 9223372036854775808\n");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(((TomlInteger)root["min"]).Value, Is.EqualTo(long.MinValue));
            Assert.That(((TomlInteger)root["max"]).Value, Is.EqualTo(long.MaxValue));
            Assert.That((error.Column, error.Reason), Is.EqualTo((5, "the integer does not fit in 64 bits (range -9223372036854775808 to 9223372036854775807)")));
        }
    }

    [Test]
    public void Parse_Values_CarryThePositionOfTheirKeyOrHeader()
    {
        var root = TomlParser.Parse("[a.b]\nx = 1\n\n[a]\n  y.z = [10,\n    20]\n[[list]]\n", Source);

        var a = (TomlTable)root["a"];
        var y = (TomlTable)a["y"];
        var array = (TomlArray)y["z"];
        using (Assert.EnterMultipleScope())
        {
            // 'a' was first named by [a.b] and then defined by [a]: its definition is what a user edits.
            Assert.That(a.Position, Is.EqualTo(new TomlPosition(4, 1)));
            Assert.That(a["b"].Position, Is.EqualTo(new TomlPosition(1, 1)));
            Assert.That(((TomlTable)a["b"])["x"].Position, Is.EqualTo(new TomlPosition(2, 1)));
            Assert.That(y.Position, Is.EqualTo(new TomlPosition(5, 3)));
            Assert.That(array.Position, Is.EqualTo(new TomlPosition(5, 5)));
            Assert.That(array[0].Position, Is.EqualTo(new TomlPosition(5, 10)));
            Assert.That(array[1].Position, Is.EqualTo(new TomlPosition(6, 5)));
            Assert.That(((TomlArray)root["list"])[0].Position, Is.EqualTo(new TomlPosition(7, 1)));
        }
    }

    [Test]
    public void Parse_Entries_KeepDefinitionOrder()
    {
        var root = TomlParser.Parse("zeta = 1\nalpha = 2\n[mid]\n", Source);

        Assert.That(root.Entries.Select(e => e.Key), Is.EqualTo(new[] { "zeta", "alpha", "mid" }));
    }

    [Test]
    public void Parse_DateTimes_KeepTheirKindAndOriginalText()
    {
        var root = TomlParser.Parse(
            "odt = 1979-05-27 07:32:00.999999999-07:00\nldt = 1979-05-27t07:32:00\nld = 1979-05-27\nlt = 00:32:00.1\n",
            Source);

        var offset = (TomlOffsetDateTime)root["odt"];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(offset.Text, Is.EqualTo("1979-05-27 07:32:00.999999999-07:00"));
            Assert.That(offset.Value, Is.EqualTo(new DateTimeOffset(1979, 5, 27, 7, 32, 0, TimeSpan.FromHours(-7)).AddTicks(9_999_999)));
            Assert.That(((TomlLocalDateTime)root["ldt"]).Value, Is.EqualTo(new DateTime(1979, 5, 27, 7, 32, 0, DateTimeKind.Unspecified)));
            Assert.That(((TomlLocalDateTime)root["ldt"]).Text, Is.EqualTo("1979-05-27t07:32:00"));
            Assert.That(((TomlLocalDate)root["ld"]).Value, Is.EqualTo(new DateOnly(1979, 5, 27)));
            Assert.That(((TomlLocalTime)root["lt"]).Value, Is.EqualTo(new TimeOnly(0, 32, 0, 100)));
        }
    }

    [Test]
    public void Parse_OffsetBeyondWhatDotNetRepresents_IsRejectedWithAClearError()
    {
        var error = ParseError("a = 1979-05-27T07:32:00+15:00\n");

        Assert.That((error.Column, error.Reason), Is.EqualTo((24, "offsets beyond ±14:00 are not supported")));
    }

    [Test]
    public void Parse_MultilineStrings_NormaliseCrLfAndTrimTheFirstNewline()
    {
        var root = TomlParser.Parse("a = \"\"\"\r\none\r\ntwo \\\r\n   three\"\"\"\nb = '''\r\nx\r\ny'''\n", Source);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(((TomlString)root["a"]).Value, Is.EqualTo("one\ntwo three"));
            Assert.That(((TomlString)root["b"]).Value, Is.EqualTo("x\ny"));
        }
    }

    [Test]
    public void Parse_DottedKeysIntoTableImpliedByHeader_DefineItSoALaterHeaderCannot()
    {
        var root = TomlParser.Parse("[a.b.c]\n[a]\nb.d = 1\n", Source);
        var error = ParseError("[a.b.c]\n[a]\nb.d = 1\n[a.b]\n");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(((TomlTable)((TomlTable)root["a"])["b"]).Entries.Select(e => e.Key), Is.EqualTo(new[] { "c", "d" }));
            Assert.That((error.Line, error.Reason), Is.EqualTo((4, "'a.b' is already defined as a table by dotted keys at line 1, column 4")));
        }
    }

    [Test]
    public void Parse_LongSingleLineArray_TakesLinearTime()
    {
        var text = "a = [" + string.Join(", ", Enumerable.Range(0, 200_000)) + "]";
        var stopwatch = Stopwatch.StartNew();

        var root = TomlParser.Parse(text, Source);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(((TomlArray)root["a"])[199_999].Position, Is.EqualTo(new TomlPosition(1, text.Length - 6)));

            // Linear is milliseconds; re-counting columns from the line start per element would take minutes.
            Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        }
    }

    [Test]
    public void ParseFile_InvalidUtf8_ReportsTheBadBytesLineAndColumn()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("toml-parser-").FullName, "bad.toml");
        try
        {
            File.WriteAllBytes(path, [.. Encoding.UTF8.Preamble, .. "# ok\nkey = \"ab"u8, 0xFF, .. "\"\n"u8]);

            var error = Assert.Throws<TomlParseException>(() => TomlParser.ParseFile(path));

            Assert.That(error.Message, Is.EqualTo(path + ":2:10: the file is not valid UTF-8 (byte 0xFF at offset 17)"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    private static TomlParseException ParseError(string text) =>
        Assert.Throws<TomlParseException>(() => TomlParser.Parse(text, Source))!;
}
