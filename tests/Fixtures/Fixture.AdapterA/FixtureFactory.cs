using Fixture.Adapters;
using TeleportPlugins.Contracts;

namespace Fixture.AdapterA;

public sealed class FixtureFactory : AccessRequestAdapterFactory<FixtureOptions>
{
    public override string Name => "fixture-a";

    protected override IAccessRequestAdapter Create(AdapterContext context, FixtureOptions options) =>
        options.FailCreate ? throw new InvalidOperationException("fixture-a refuses to be created") : new FixtureAdapter(Name, options);
}
