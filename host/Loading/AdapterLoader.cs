using System.Reflection;
using System.Runtime.Loader;
using McMaster.NETCore.Plugins.Loader;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Loading;

/// <summary>
/// Finds every folder under the adapters directory (one adapter each, named by its manifest) and loads the selected
/// ones, each into its own McMaster.NETCore.Plugins load context, so that each adapter may carry its own versions of its
/// libraries. A selected folder that fails is reported with one log line naming the folder and the reason; the others
/// still load.
/// </summary>
internal sealed partial class AdapterLoader(ILogger<AdapterLoader> logger)
{
    private static readonly string ContractsAssemblyName = typeof(IAccessRequestAdapter).Assembly.GetName().Name!;

    /// <summary>
    /// The types an adapter exchanges with the host, so they must be the host's types. The loader shares each one's
    /// assembly and, recursively, every assembly that one references; nothing else is shared.
    /// </summary>
    private static readonly Type[] SharedTypes =
    [
        // The contract. Through its references this also shares Microsoft.Extensions.Logging.Abstractions (ILogger)
        // and Microsoft.Extensions.DependencyInjection.Abstractions.
        typeof(IAccessRequestAdapterFactory),
        // The host binds each adapter's options by this attribute, which the contract does not reference.
        typeof(ConfigurationKeyNameAttribute),
        // AdapterContext.HttpClient comes from the host's factory; the contract's references do not reach
        // Microsoft.Extensions.Http, so an adapter carrying its own copy would mix it with the host's abstractions.
        typeof(IHttpClientFactory),
    ];

    /// <summary>Loads every adapter folder, sorted by folder name.</summary>
    /// <param name="directory">The adapters directory.</param>
    /// <returns>One package per folder, loaded or not.</returns>
    public IReadOnlyList<AdapterPackage> LoadAll(string directory) => Load(directory, _ => true);

    /// <summary>
    /// Loads only the enabled adapters. Every other folder is still listed by name (its manifest is read, so that
    /// configuration errors can name the installed adapters), but none of its assemblies is loaded and nothing about
    /// it is logged above debug level.
    /// </summary>
    /// <param name="directory">The adapters directory.</param>
    /// <param name="enabled">The enabled adapter names, compared ignoring case.</param>
    /// <returns>One package per folder, sorted by folder name.</returns>
    public IReadOnlyList<AdapterPackage> LoadEnabled(string directory, IEnumerable<string> enabled)
    {
        var names = enabled.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Load(directory, names.Contains);
    }

    private List<AdapterPackage> Load(string directory, Func<string, bool> isSelected)
    {
        if (!Directory.Exists(directory))
        {
            LogDirectoryMissing(logger, directory);
            return [];
        }

        var packages = new List<AdapterPackage>();
        foreach (var folder in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            var package = Discover(folder);
            if (!isSelected(package.Name))
            {
                LogNotSelected(logger, package.Name, folder);
            }
            else
            {
                package = package.Error is null ? LoadOne(package) : package;
                if (package.IsLoaded)
                {
                    LogLoaded(logger, package.Name, package.Manifest!.Version, folder);
                }
                else
                {
                    LogNotLoaded(logger, folder, package.Error!);
                }
            }

            packages.Add(package);
        }

        return packages;
    }

    /// <summary>Reads a folder's manifest and checks its contract version, loading nothing.</summary>
    private static AdapterPackage Discover(string folder)
    {
        AdapterManifest? manifest = null;
        try
        {
            manifest = AdapterManifest.Read(Path.Combine(folder, AdapterManifest.FileName));
            CheckContractVersion(manifest.ParseContractVersion(), "its manifest");
            return new AdapterPackage(folder, manifest, null, null);
        }
        catch (AdapterLoadException e)
        {
            return new AdapterPackage(folder, manifest, null, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new AdapterPackage(folder, manifest, null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static AdapterPackage LoadOne(AdapterPackage discovered)
    {
        var manifest = discovered.Manifest!;
        try
        {
            var entryPath = Path.GetFullPath(Path.Combine(discovered.Folder, manifest.EntryAssembly));
            if (!File.Exists(entryPath))
            {
                throw new AdapterLoadException($"entry assembly {manifest.EntryAssembly} named in {AdapterManifest.FileName} is not in the folder");
            }

            var assembly = CreateLoadContext(entryPath).LoadFromAssemblyPath(entryPath);
            var contractsReference = assembly.GetReferencedAssemblies().FirstOrDefault(reference => reference.Name == ContractsAssemblyName)
                ?? throw new AdapterLoadException($"{manifest.EntryAssembly} does not reference {ContractsAssemblyName}");
            CheckContractVersion(contractsReference.Version ?? new Version(0, 0), manifest.EntryAssembly);
            return discovered with { Factory = CreateFactory(assembly, manifest) };
        }
        catch (AdapterLoadException e)
        {
            return discovered with { Error = e.Message };
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or TypeLoadException or ReflectionTypeLoadException or UnauthorizedAccessException)
        {
            return discovered with { Error = $"{e.GetType().Name}: {e.Message}" };
        }
    }

    private static AssemblyLoadContext CreateLoadContext(string entryPath)
    {
        try
        {
            // McMaster's builder rather than its PluginLoader: for every plugin, PluginLoader also reads the adapter's
            // and the host's runtimeconfig(.dev).json with reflection-based System.Text.Json, and asks
            // Process.MainModule for the dotnet root, to add NuGet probing paths of a development layout. An adapter
            // folder is self-contained (its dependencies are copied next to it), and that reading alone cost 3.3 MiB
            // of idle memory at nine adapters.
            // Not PreferDefaultLoadContext: it would hand the adapter the host's copy of every library the host
            // carries (Grpc, Protobuf, ...), whatever version the adapter was built against; only SharedTypes are
            // unified. Lazy, set before the shared assemblies are added: eager sharing walks every transitive
            // reference of the shared assemblies into the host (through netstandard.dll that is every facade,
            // System.Private.Xml included), measured +10 MiB at the first adapter and +2.6 MiB per adapter. Lazy
            // sharing covers each shared assembly and its direct references, which is all the contract exposes; the
            // isolation tests check the exchanged types.
            var builder = new AssemblyLoadContextBuilder().SetMainAssemblyPath(entryPath).IsLazyLoaded(true);
            foreach (var type in SharedTypes)
            {
                builder.PreferDefaultLoadContextAssembly(type.Assembly.GetName());
            }

            return builder.Build();
        }
        catch (InvalidOperationException e)
        {
            // The runtime's resolver refuses an unreadable .deps.json with a several-line message; the first names the file and the cause.
            throw new AdapterLoadException($"its dependencies cannot be resolved: {e.Message.Split('\n')[0].Trim()}", e);
        }
    }

    private static void CheckContractVersion(Version declared, string where)
    {
        if (declared.Major != ContractVersion.Major)
        {
            throw new AdapterLoadException(
                $"built for contract version {declared.Major}.{Math.Max(declared.Minor, 0)} (per {where}), but this host implements contract version {ContractVersion.Current}; only major version {ContractVersion.Major} is accepted");
        }
    }

    private static IAccessRequestAdapterFactory CreateFactory(Assembly assembly, AdapterManifest manifest)
    {
        var candidates = assembly.GetExportedTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IAccessRequestAdapterFactory).IsAssignableFrom(type))
            .ToArray();
        if (candidates.Length != 1)
        {
            throw new AdapterLoadException(candidates.Length == 0
                ? $"{manifest.EntryAssembly} has no public class implementing {nameof(IAccessRequestAdapterFactory)}"
                : $"{manifest.EntryAssembly} has {candidates.Length} factories ({string.Join(", ", candidates.Select(c => c.FullName))}); exactly one is allowed");
        }

        IAccessRequestAdapterFactory factory;
        try
        {
            factory = (IAccessRequestAdapterFactory)(Activator.CreateInstance(candidates[0])
                ?? throw new AdapterLoadException($"{candidates[0].FullName} could not be created"));
        }
        catch (MissingMethodException)
        {
            throw new AdapterLoadException($"{candidates[0].FullName} has no public parameterless constructor");
        }
        catch (TargetInvocationException e)
        {
            throw new AdapterLoadException($"the constructor of {candidates[0].FullName} threw {e.InnerException?.GetType().Name}: {e.InnerException?.Message}");
        }

        if (!string.Equals(factory.Name, manifest.Name, StringComparison.Ordinal))
        {
            throw new AdapterLoadException($"the factory is named '{factory.Name}' but {AdapterManifest.FileName} says '{manifest.Name}'");
        }

        if (factory.OptionsType.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new AdapterLoadException($"options type {factory.OptionsType.FullName} has no public parameterless constructor");
        }

        return factory;
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Loaded adapter {Adapter} {Version} from {Folder}")]
    private static partial void LogLoaded(ILogger logger, string adapter, string version, string folder);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Adapter folder {Folder} was not loaded: {Reason}")]
    private static partial void LogNotLoaded(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "Adapter {Adapter} in {Folder} is not enabled; not loaded")]
    private static partial void LogNotSelected(ILogger logger, string adapter, string folder);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Adapters directory {Directory} does not exist; no adapters loaded")]
    private static partial void LogDirectoryMissing(ILogger logger, string directory);
}
