namespace TeleportPlugins.Contracts;

/// <summary>
/// Marks an option as a secret. The host never prints it, and when its configured value is an absolute path the host
/// reads the secret from that file (trimming the trailing newline), as Teleport's plugins do.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class SecretAttribute : Attribute;
