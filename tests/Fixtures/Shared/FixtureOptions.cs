using Microsoft.Extensions.Configuration;

namespace Fixture.Adapters;

public sealed class FixtureOptions
{
    [ConfigurationKeyName("output")]
    public string Output { get; set; } = string.Empty;

    [ConfigurationKeyName("fail_health")]
    public bool FailHealth { get; set; }

    [ConfigurationKeyName("fail_create")]
    public bool FailCreate { get; set; }
}
