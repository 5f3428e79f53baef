using System.Reflection;
using System.Runtime.Loader;

namespace TeleportPlugins.Host.Loading;

/// <summary>
/// One adapter's assemblies, isolated from other adapters: each adapter may carry its own versions of its
/// dependencies. The contracts and the Microsoft.Extensions assemblies the host ships are shared from the host's
/// context, so the types the adapter and the host exchange are the same types.
/// </summary>
internal sealed class AdapterLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;
    private readonly IReadOnlySet<string> _shared;

    public AdapterLoadContext(string adapterName, string entryAssemblyPath, IReadOnlySet<string> sharedAssemblyNames)
        : base($"adapter:{adapterName}", isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(entryAssemblyPath);
        _shared = sharedAssemblyNames;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } name && _shared.Contains(name))
        {
            // Null defers to the default context, which holds the host's copy.
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
