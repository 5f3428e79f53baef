using TeleportPlugins.Benchmarks.Configuration;

namespace TeleportPlugins.Performance.Tests.Micro;

public sealed class TomlParseBenchmarksTests
{
    private static readonly string[] HostSections = ["teleport", "adapters", "http", "watch", "dispatch", "log", "role_to_recipients"];

    private TomlParseBenchmarks _benchmarks = null!;

    [SetUp]
    public void SetUp()
    {
        _benchmarks = new TomlParseBenchmarks();
        _benchmarks.Setup();
    }

    [TearDown]
    public void TearDown() => _benchmarks.Cleanup();

    [Test]
    public void SampleConfiguration_Text_IsProductionSized()
    {
        var lines = SampleConfiguration.Text.Split('\n', StringSplitOptions.None).Length;

        Assert.That(lines, Is.GreaterThanOrEqualTo(190));
    }

    [Test]
    public void ParseToml_SampleConfiguration_ReadsEveryHostAndAdapterSection()
    {
        var sections = _benchmarks.ParsedSectionNames();

        Assert.That(sections, Is.EquivalentTo(HostSections.Concat(SampleConfiguration.Adapters)));
        Assert.That(_benchmarks.ParseToml(), Is.EqualTo(sections.Count));
    }

    [Test]
    public void LoadHostConfiguration_SampleConfiguration_HasNoProblems()
    {
        var problems = _benchmarks.LoadHostConfiguration();

        Assert.That(problems, Is.Empty);
    }
}
