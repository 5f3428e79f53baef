using System.Collections;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Configuration.Toml;

namespace TeleportPlugins.Host.Configuration;

/// <summary>
/// Binds a configuration section to an options object and validates it, recording every problem instead of
/// stopping at the first: unknown keys, values of the wrong type, unreadable secret files, failed validation.
/// </summary>
/// <remarks>
/// Keys match a property's <see cref="ConfigurationKeyNameAttribute"/> or its name, ignoring case. Secrets
/// (<see cref="SecretAttribute"/>) given as absolute paths are read from those files, and their values are never
/// part of a message.
/// </remarks>
internal sealed class OptionsBinder(ConfigurationProblems problems)
{
    /// <summary>Creates an instance of <paramref name="type"/> from <paramref name="section"/>.</summary>
    /// <param name="type">A class with a public parameterless constructor.</param>
    /// <param name="section">The section to read.</param>
    /// <returns>The bound instance; inspect the problems before using it.</returns>
    public object Bind(Type type, IConfigurationSection section)
    {
        var instance = Activator.CreateInstance(type)
            ?? throw new InvalidOperationException($"Cannot create {type.FullName}.");
        var failed = BindObject(instance, section);
        Validate(instance, section.Path, failed);
        return instance;
    }

    /// <summary>Binds and validates a typed options object.</summary>
    /// <typeparam name="T">The options type.</typeparam>
    /// <param name="section">The section to read.</param>
    /// <returns>The bound instance.</returns>
    public T Bind<T>(IConfigurationSection section)
        where T : class, new() => (T)Bind(typeof(T), section);

    /// <summary>
    /// Binds <paramref name="section"/> onto an existing object (keys absent from the section keep its values) and
    /// validates it; children that <paramref name="skip"/> selects are left to the caller (nested sections of their own).
    /// </summary>
    /// <typeparam name="T">The options type.</typeparam>
    /// <param name="instance">The object to bind onto.</param>
    /// <param name="section">The section to read.</param>
    /// <param name="skip">Selects children that are not keys of <typeparamref name="T"/>.</param>
    /// <returns><paramref name="instance"/>.</returns>
    public T BindOnto<T>(T instance, IConfigurationSection section, Func<IConfigurationSection, bool>? skip = null)
        where T : class
    {
        var failed = BindObject(instance, section, skip);
        Validate(instance, section.Path, failed);
        return instance;
    }

    /// <summary>Reads a <c>role_to_recipients</c> table: each role maps to a string or an array of strings.</summary>
    /// <param name="section">The table.</param>
    /// <returns>The map; empty when the table is absent.</returns>
    public RoleToRecipients BindRoleToRecipients(IConfigurationSection section) =>
        TryConvertRoleToRecipients(section, out var value) ? (RoleToRecipients)value! : RoleToRecipients.Empty;

    private static string KeyOf(PropertyInfo property) =>
        property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;

    private static PropertyInfo[] BindableProperties(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)];

    private HashSet<string> BindObject(object instance, IConfigurationSection section, Func<IConfigurationSection, bool>? skip = null)
    {
        var properties = BindableProperties(instance.GetType());
        var byKey = new Dictionary<string, PropertyInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in properties)
        {
            byKey[KeyOf(property)] = property;
        }

        var failed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren().Where(child => skip is null || !skip(child)))
        {
            if (!byKey.TryGetValue(child.Key, out var property))
            {
                problems.Add(child.Path, $"unknown key; known keys are {string.Join(", ", byKey.Keys.Order(StringComparer.Ordinal))}");
                continue;
            }

            var isSecret = property.GetCustomAttribute<SecretAttribute>() is not null;
            if (TryConvert(property.PropertyType, child, isSecret, out var value))
            {
                property.SetValue(instance, value);
            }
            else
            {
                failed.Add(property.Name);
            }
        }

        return failed;
    }

    private bool TryConvert(Type type, IConfigurationSection section, bool isSecret, out object? value)
    {
        value = null;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var hasChildren = section.GetChildren().Any();

        if (underlying == typeof(RoleToRecipients))
        {
            return TryConvertRoleToRecipients(section, out value);
        }

        if (IsScalar(underlying))
        {
            if (hasChildren || section.Value is null)
            {
                problems.Add(section.Path, $"expected {Describe(underlying)}, got a table or array");
                return false;
            }

            return TryConvertScalar(underlying, section, isSecret, out value);
        }

        if (DictionaryValueType(type) is { } dictionaryValueType)
        {
            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), dictionaryValueType), StringComparer.Ordinal)!;
            if (section.Value is not null && !hasChildren)
            {
                problems.Add(section.Path, "expected a table");
                return false;
            }

            var ok = true;
            foreach (var child in section.GetChildren())
            {
                if (TryConvert(dictionaryValueType, child, isSecret, out var item))
                {
                    dictionary[child.Key] = item;
                }
                else
                {
                    ok = false;
                }
            }

            value = dictionary;
            return ok;
        }

        if (ListElementType(type) is { } elementType)
        {
            if (!TryReadArray(section, out var items))
            {
                return false;
            }

            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
            var ok = true;
            foreach (var child in items)
            {
                if (TryConvert(elementType, child, isSecret, out var item))
                {
                    list.Add(item);
                }
                else
                {
                    ok = false;
                }
            }

            if (type.IsArray)
            {
                var array = Array.CreateInstance(elementType, list.Count);
                list.CopyTo(array, 0);
                value = array;
            }
            else
            {
                value = list;
            }

            return ok;
        }

        if (underlying.IsClass && underlying.GetConstructor(Type.EmptyTypes) is not null)
        {
            if (section.Value is not null && !hasChildren)
            {
                problems.Add(section.Path, "expected a table");
                return false;
            }

            var nested = Activator.CreateInstance(underlying)!;
            var failed = BindObject(nested, section);
            Validate(nested, section.Path, failed);
            value = nested;
            return failed.Count == 0;
        }

        problems.Add(section.Path, $"options of type {type.Name} cannot be configured");
        return false;
    }

    private bool TryReadArray(IConfigurationSection section, out List<IConfigurationSection> items)
    {
        // A list from the environment replaces the file's list whole; the file's elements are still the section's children.
        if (section.Value is not null && problems.Locator.EnvironmentVariableOf(section.Path) is not null)
        {
            return TryReadEnvironmentList(section, out items);
        }

        var children = section.GetChildren().ToList();
        items = children;
        if (section.Value is not null && children.Count == 0)
        {
            problems.Add(section.Path, "expected an array");
            return false;
        }

        if (children.Any(child => !int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            problems.Add(section.Path, "expected an array, got a table");
            return false;
        }

        items = [.. children.OrderBy(child => int.Parse(child.Key, CultureInfo.InvariantCulture))];
        return true;
    }

    /// <summary>An environment variable's list: a TOML array (<c>["jira", "slack"]</c>) or comma-separated (<c>jira,slack</c>).</summary>
    private bool TryReadEnvironmentList(IConfigurationSection section, out List<IConfigurationSection> items)
    {
        items = [];
        var text = section.Value!.Trim();
        List<string> values;
        if (text.StartsWith('['))
        {
            var result = TomlReader.Parse("list = " + text, section.Path);
            var entries = result.Document is null ? [] : TomlSyntaxFlattener.Flatten(result.Document);
            if (result.Diagnostics.Count > 0 || entries.Skip(1).Any(entry => entry.Path.Count != 2 || entry.Kind != TomlEntryKind.Scalar))
            {
                var reason = result.Diagnostics.Count > 0 ? ": " + result.Diagnostics[0].Message : string.Empty;
                problems.Add(section.Path, "expected a TOML array of strings such as [\"a\", \"b\"], or a comma-separated list" + reason);
                return false;
            }

            values = [.. entries.Skip(1).Select(entry => TomlScalarText.Format(entry.Value)!)];
        }
        else
        {
            values = [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
        }

        var elements = values.Select((value, i) => KeyValuePair.Create<string, string?>(ConfigurationPath.Combine(section.Path, i.ToString(CultureInfo.InvariantCulture)), value));
        items = [.. new ConfigurationBuilder().AddInMemoryCollection(elements).Build().GetSection(section.Path).GetChildren()
            .OrderBy(child => int.Parse(child.Key, CultureInfo.InvariantCulture))];
        return true;
    }

    private bool TryConvertRoleToRecipients(IConfigurationSection section, out object? value)
    {
        value = null;
        var map = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        var ok = true;
        foreach (var role in section.GetChildren())
        {
            var roleChildren = role.GetChildren().ToList();
            if (roleChildren.Count == 0 && role.Value is not null)
            {
                // The anchors accept a single recipient as a plain string.
                map.Add(new(role.Key, [role.Value]));
                continue;
            }

            if (!TryReadArray(role, out var items) || items.Any(item => item.GetChildren().Any() || item.Value is null))
            {
                problems.Add(role.Path, "expected a string or an array of strings");
                ok = false;
                continue;
            }

            map.Add(new(role.Key, [.. items.Select(item => item.Value!)]));
        }

        if (map.Count > 0 && !map.Any(entry => entry.Key == RoleToRecipients.Wildcard && entry.Value.Count > 0))
        {
            problems.Add(section.Path, "needs a \"*\" entry: the recipients for roles without an entry of their own");
            ok = false;
        }

        value = new RoleToRecipients(map);
        return ok;
    }

    private bool TryConvertScalar(Type type, IConfigurationSection section, bool isSecret, out object? value)
    {
        var text = section.Value!;
        value = null;
        if (type == typeof(string))
        {
            if (isSecret && Path.IsPathFullyQualified(text))
            {
                try
                {
                    value = File.ReadAllText(text).TrimEnd('\r', '\n');
                    return true;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    problems.Add(section.Path, $"cannot read the secret from file {text}: {e.Message}");
                    return false;
                }
            }

            value = text;
            return true;
        }

        if (type == typeof(TimeSpan))
        {
            if (DurationParser.TryParse(text, out var duration))
            {
                value = duration;
                return true;
            }

            problems.Add(section.Path, $"expected a duration such as \"90s\", \"5m\" or \"1h30m\", got '{text}'");
            return false;
        }

        if (type.IsEnum)
        {
            if (Enum.TryParse(type, text, ignoreCase: true, out var parsed) && !int.TryParse(text, CultureInfo.InvariantCulture, out _))
            {
                value = parsed;
                return true;
            }

            problems.Add(section.Path, $"expected one of {string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))}, got '{text}'");
            return false;
        }

        try
        {
            value = type == typeof(Uri)
                ? new Uri(text, UriKind.RelativeOrAbsolute)
                : TypeDescriptor.GetConverter(type).ConvertFromInvariantString(text);
            return true;
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException or OverflowException || e.InnerException is FormatException or OverflowException)
        {
            problems.Add(section.Path, isSecret ? $"expected {Describe(type)}" : $"expected {Describe(type)}, got '{text}'");
            return false;
        }
    }

    private void Validate(object instance, string path, HashSet<string> failedProperties)
    {
        var properties = BindableProperties(instance.GetType());
        var keys = properties.ToDictionary(p => p.Name, KeyOf, StringComparer.Ordinal);
        var context = new ValidationContext(instance);
        foreach (var property in properties.Where(p => !failedProperties.Contains(p.Name)))
        {
            var propertyValue = property.GetValue(instance);
            context.MemberName = property.Name;
            context.DisplayName = KeyOf(property);
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (attribute.GetValidationResult(propertyValue, context) is { } result)
                {
                    var message = attribute is RequiredAttribute && attribute.ErrorMessage is null ? "is required" : result.ErrorMessage ?? "is not valid";
                    problems.Add(Join(path, KeyOf(property)), message);
                }
            }
        }

        if (instance is IValidatableObject validatable && failedProperties.Count == 0)
        {
            foreach (var result in validatable.Validate(new ValidationContext(instance)))
            {
                var member = result.MemberNames.FirstOrDefault();
                var key = member is null ? path : Join(path, keys.GetValueOrDefault(member, member));
                problems.Add(key, result.ErrorMessage ?? "is not valid");
            }
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}:{key}";

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri)
        || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid);

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(string) => "a string",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort) => "an integer",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
        _ when type == typeof(Uri) => "a URL",
        _ => $"a {type.Name}",
    };

    private static Type? DictionaryValueType(Type type)
    {
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        return (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
            && arguments[0] == typeof(string)
                ? arguments[1]
                : null;
    }

    private static Type? ListElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>)
            || definition == typeof(IEnumerable<>) || definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>)
                ? type.GetGenericArguments()[0]
                : null;
    }
}
