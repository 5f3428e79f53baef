using TeleportPlugins.Contracts;

namespace MyTool;

/// <summary>The adapter's entry point: the host finds the one public factory in the assembly adapter.json names.</summary>
public sealed class MyToolAdapterFactory : AccessRequestAdapterFactory<MyToolOptions>
{
    /// <inheritdoc />
    public override string Name => "mytool";

    /// <inheritdoc />
    protected override IAccessRequestAdapter Create(AdapterContext context, MyToolOptions options) =>
        new MyToolAdapter(context, options);
}
