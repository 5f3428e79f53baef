using System.Diagnostics.CodeAnalysis;

namespace TeleportPlugins.Contracts;

/// <summary>
/// An adapter's state for one request: a string map the host stores in Teleport's plugin data under the adapter's
/// name, written with compare-and-swap. Keep it small (IDs, counters); Teleport caps a resource's size.
/// </summary>
/// <remarks>
/// Keys starting with <see cref="ReservedPrefix"/> belong to the host. An empty value means "absent", as in Teleport.
/// </remarks>
public sealed class AdapterRequestState
{
    /// <summary>Keys with this prefix are the host's bookkeeping and cannot be written by an adapter.</summary>
    public const string ReservedPrefix = "tp_";

    private readonly Dictionary<string, string> _values;

    /// <summary>Creates an empty state.</summary>
    public AdapterRequestState()
    {
        _values = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>Creates a state holding the given values (empty values are dropped).</summary>
    /// <param name="values">The values, e.g. as read from Teleport.</param>
    public AdapterRequestState(IEnumerable<KeyValuePair<string, string>> values)
        : this()
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (key, value) in values)
        {
            if (!string.IsNullOrEmpty(value))
            {
                _values[key] = value;
            }
        }
    }

    /// <summary>Whether anything was set or removed since the state was created or last marked saved.</summary>
    public bool IsChanged { get; private set; }

    /// <summary>The keys that have a value.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>The value of <paramref name="key"/>, or null when absent.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value or null.</returns>
    public string? Get(string key) => _values.GetValueOrDefault(key);

    /// <summary>Gets the value of <paramref name="key"/> when present.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value when present.</param>
    /// <returns>Whether the key has a value.</returns>
    public bool TryGet(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);

    /// <summary>Sets a value; an empty value removes the key.</summary>
    /// <param name="key">The key; must not start with <see cref="ReservedPrefix"/>.</param>
    /// <param name="value">The value.</param>
    public void Set(string key, string value)
    {
        SetCore(key, value, allowReserved: false);
    }

    /// <summary>Removes a key.</summary>
    /// <param name="key">The key; must not start with <see cref="ReservedPrefix"/>.</param>
    public void Remove(string key) => SetCore(key, string.Empty, allowReserved: false);

    /// <summary>A copy of the current values.</summary>
    /// <returns>The values, keyed ordinally.</returns>
    public IReadOnlyDictionary<string, string> ToDictionary() => new Dictionary<string, string>(_values, StringComparer.Ordinal);

    /// <summary>For the host: sets one of its own reserved keys.</summary>
    /// <param name="key">A key starting with <see cref="ReservedPrefix"/>.</param>
    /// <param name="value">The value; empty removes it.</param>
    public void SetReserved(string key, string value)
    {
        if (!key.StartsWith(ReservedPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Key '{key}' is not a reserved key.", nameof(key));
        }

        SetCore(key, value, allowReserved: true);
    }

    /// <summary>For the host: the state was persisted, so it is no longer changed.</summary>
    public void MarkSaved() => IsChanged = false;

    private void SetCore(string key, string value, bool allowReserved)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!allowReserved && key.StartsWith(ReservedPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Keys starting with '{ReservedPrefix}' are reserved for the host.", nameof(key));
        }

        if (value.Length == 0)
        {
            IsChanged |= _values.Remove(key);
            return;
        }

        if (!_values.TryGetValue(key, out var old) || !string.Equals(old, value, StringComparison.Ordinal))
        {
            _values[key] = value;
            IsChanged = true;
        }
    }
}
