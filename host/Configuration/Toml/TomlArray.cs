namespace TeleportPlugins.Host.Configuration.Toml;

/// <summary>A TOML array: a static <c>[ ... ]</c> value, or the tables of <c>[[header]]</c> sections.</summary>
internal sealed class TomlArray(TomlPosition position, bool isArrayOfTables) : TomlValue(TomlValueKind.Array, position)
{
    private readonly List<TomlValue> _items = [];

    /// <summary>The elements in order.</summary>
    public IReadOnlyList<TomlValue> Items => _items;

    /// <summary>How many elements the array has.</summary>
    public int Count => _items.Count;

    /// <summary>True when <c>[[header]]</c> sections built the array; only such an array may grow after it is written.</summary>
    public bool IsArrayOfTables { get; } = isArrayOfTables;

    /// <summary>The element at <paramref name="index"/>.</summary>
    public TomlValue this[int index] => _items[index];

    /// <summary>Appends an element.</summary>
    internal void Add(TomlValue item) => _items.Add(item);
}
