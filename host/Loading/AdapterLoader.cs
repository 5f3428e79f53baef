using System.Reflection;
using Microsoft.Extensions.Logging;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Host.Loading;

/// <summary>
/// Loads every folder under the adapters directory as one adapter, each in its own <see cref="AdapterLoadContext"/>.
/// A folder that fails is reported with one log line naming the folder and the reason; the others still load.
/// </summary>
internal sealed partial class AdapterLoader(ILogger<AdapterLoader> logger)
{
    private static readonly string ContractsAssemblyName = typeof(IAccessRequestAdapter).Assembly.GetName().Name!;

    /// <summary>Loads all adapter folders, sorted by folder name.</summary>
    /// <param name="directory">The adapters directory.</param>
    /// <returns>One package per folder, loaded or not.</returns>
    public IReadOnlyList<AdapterPackage> LoadAll(string directory)
    {
        if (!Directory.Exists(directory))
        {
            LogDirectoryMissing(logger, directory);
            return [];
        }

        var shared = SharedAssemblies.FromHost();
        var packages = new List<AdapterPackage>();
        foreach (var folder in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            var package = LoadOne(folder, shared);
            if (package.IsLoaded)
            {
                LogLoaded(logger, package.Name, package.Manifest!.Version, folder);
            }
            else
            {
                LogNotLoaded(logger, folder, package.Error!);
            }

            packages.Add(package);
        }

        return packages;
    }

    private static AdapterPackage LoadOne(string folder, IReadOnlySet<string> shared)
    {
        AdapterManifest? manifest = null;
        try
        {
            manifest = AdapterManifest.Read(Path.Combine(folder, AdapterManifest.FileName));
            CheckContractVersion(manifest.ParseContractVersion(), "its manifest");
            var entryPath = Path.Combine(folder, manifest.EntryAssembly);
            if (!File.Exists(entryPath))
            {
                throw new AdapterLoadException($"entry assembly {manifest.EntryAssembly} named in {AdapterManifest.FileName} is not in the folder");
            }

            var context = new AdapterLoadContext(manifest.Name, entryPath, shared);
            var assembly = context.LoadFromAssemblyPath(entryPath);
            var contractsReference = assembly.GetReferencedAssemblies().FirstOrDefault(reference => reference.Name == ContractsAssemblyName)
                ?? throw new AdapterLoadException($"{manifest.EntryAssembly} does not reference {ContractsAssemblyName}");
            CheckContractVersion(contractsReference.Version ?? new Version(0, 0), manifest.EntryAssembly);
            var factory = CreateFactory(assembly, manifest);
            return new AdapterPackage(folder, manifest, factory, null);
        }
        catch (AdapterLoadException e)
        {
            return new AdapterPackage(folder, manifest, null, e.Message);
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or TypeLoadException or ReflectionTypeLoadException or UnauthorizedAccessException)
        {
            return new AdapterPackage(folder, manifest, null, $"{e.GetType().Name}: {e.Message}");
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

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Adapters directory {Directory} does not exist; no adapters loaded")]
    private static partial void LogDirectoryMissing(ILogger logger, string directory);
}
