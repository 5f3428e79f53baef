using Fixture.Adapters;
using TeleportPlugins.Contracts;

namespace Fixture.AdapterB;

public sealed class FixtureFactory : AccessRequestAdapterFactory<FixtureOptions>
{
    public override string Name => "fixture-b";

    protected override IAccessRequestAdapter Create(AdapterContext context, FixtureOptions options) =>
        options.FailCreate ? throw new InvalidOperationException("fixture-b refuses to be created") : new FixtureAdapter(Name, options);
}
