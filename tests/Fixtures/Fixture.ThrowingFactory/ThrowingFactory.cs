using TeleportPlugins.Contracts;

namespace Fixture.ThrowingFactory;

/// <summary>A factory whose constructor throws, as a broken adapter's would while the host loads it.</summary>
public sealed class ThrowingFactory : IAccessRequestAdapterFactory
{
    public ThrowingFactory() => throw new InvalidOperationException("fixture-throwing cannot start: missing native dependency");

    public string Name => "fixture-throwing";

    public Type OptionsType => typeof(object);

    public IAccessRequestAdapter Create(AdapterContext context, object options) => throw new NotSupportedException();
}
