using System.ComponentModel.DataAnnotations;

namespace TeleportPlugins.Adapters.Testing;

/// <summary>Validates adapter options the way the host's binder does: data annotations and IValidatableObject.</summary>
public static class OptionsValidation
{
    /// <summary>Every problem with <paramref name="options"/>.</summary>
    /// <param name="options">The options object.</param>
    /// <returns>The results, each naming its property in MemberNames.</returns>
    public static IReadOnlyList<ValidationResult> Validate(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        // TryValidateObject skips IValidatableObject once an attribute fails; the binder runs both.
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var own = options is IValidatableObject validatable ? validatable.Validate(new ValidationContext(options)) : [];
        return [.. results.Concat(own).DistinctBy(r => (r.ErrorMessage, string.Join(",", r.MemberNames)))];
    }
}
