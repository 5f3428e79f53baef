namespace TeleportPlugins.Contracts;

/// <summary>
/// The entry point of an adapter assembly: the host finds the one public type implementing this interface in the
/// assembly named by the adapter's manifest, binds and validates its options, and asks it for the adapter.
/// Derive from <see cref="AccessRequestAdapterFactory{TOptions}"/> rather than implementing this directly.
/// </summary>
public interface IAccessRequestAdapterFactory
{
    /// <summary>
    /// The adapter's name: its configuration section (<c>[name]</c>), its entry in <c>[adapters] enabled</c>
    /// and the plugin name under which the host stores its per-request state in Teleport.
    /// </summary>
    string Name { get; }

    /// <summary>The type the host binds the adapter's configuration section to. Must have a public parameterless constructor.</summary>
    Type OptionsType { get; }

    /// <summary>Creates the adapter. Called once, after the options were bound and validated.</summary>
    /// <param name="context">The services the host provides.</param>
    /// <param name="options">An instance of <see cref="OptionsType"/>, bound and validated.</param>
    /// <returns>The adapter.</returns>
    IAccessRequestAdapter Create(AdapterContext context, object options);
}
