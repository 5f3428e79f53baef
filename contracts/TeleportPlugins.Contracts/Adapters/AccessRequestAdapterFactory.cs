namespace TeleportPlugins.Contracts;

/// <summary>A typed base for <see cref="IAccessRequestAdapterFactory"/>.</summary>
/// <typeparam name="TOptions">
/// The adapter's options: public settable properties named after the configuration keys (use
/// <c>[ConfigurationKeyName("snake_case")]</c> for TOML-style names), validated with data annotations and
/// <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>; mark secrets with <see cref="SecretAttribute"/>.
/// </typeparam>
public abstract class AccessRequestAdapterFactory<TOptions> : IAccessRequestAdapterFactory
    where TOptions : class, new()
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public Type OptionsType => typeof(TOptions);

    /// <inheritdoc />
    public IAccessRequestAdapter Create(AdapterContext context, object options)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (options is not TOptions typed)
        {
            throw new ArgumentException($"Expected options of type {typeof(TOptions).FullName}.", nameof(options));
        }

        return Create(context, typed);
    }

    /// <summary>Creates the adapter from its bound, validated options.</summary>
    /// <param name="context">The services the host provides.</param>
    /// <param name="options">The options.</param>
    /// <returns>The adapter.</returns>
    protected abstract IAccessRequestAdapter Create(AdapterContext context, TOptions options);
}
