namespace TeleportPlugins.Simulator.State;

/// <summary>
/// One page of a listing in key order, as Teleport's list calls page: at most <c>size</c> items from the start key
/// on, and the key of the first item left out as the next page's start key (empty on the last page).
/// </summary>
internal static class KeyedPage
{
    /// <summary>Takes one page.</summary>
    /// <typeparam name="T">The listed items.</typeparam>
    /// <param name="ordered">The items from the start key on, in key order, already filtered.</param>
    /// <param name="size">The page size.</param>
    /// <param name="key">An item's key.</param>
    /// <returns>The page and the next start key.</returns>
    public static (List<T> Items, string NextKey) Take<T>(IEnumerable<T> ordered, int size, Func<T, string> key)
    {
        var items = ordered.Take(size + 1).ToList();
        if (items.Count <= size)
        {
            return (items, string.Empty);
        }

        var next = key(items[size]);
        items.RemoveAt(size);
        return (items, next);
    }
}
