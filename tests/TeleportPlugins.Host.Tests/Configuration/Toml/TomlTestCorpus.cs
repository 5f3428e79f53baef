namespace TeleportPlugins.Host.Tests.Configuration.Toml;

/// <summary>Finds the toml-test corpus that lives beside the repository and lists its TOML 1.1.0 cases.</summary>
internal static class TomlTestCorpus
{
    /// <summary>The variable that points the tests at another copy of the corpus.</summary>
    public const string DirectoryVariable = "TOML_TEST_DIR";

    /// <summary>The corpus's list of the files that apply to TOML 1.1.0.</summary>
    public const string ListFile = "files-toml-1.1.0";

    private static readonly Lazy<string> Root = new(Locate);

    /// <summary>The corpus folder; throws with what was tried when there is none, so the tests fail, never skip.</summary>
    public static string Directory => Root.Value;

    /// <summary>The <c>.toml</c> cases of the 1.1.0 list, as paths relative to <see cref="Directory"/>.</summary>
    public static IReadOnlyList<string> ListedCases() =>
        File.ReadLines(Path.Combine(Directory, ListFile))
            .Select(line => line.Trim())
            .Where(line => line.EndsWith(".toml", StringComparison.Ordinal))
            .ToList();

    /// <summary>The full path of a listed case.</summary>
    public static string PathOf(string relativeCase) => Path.Combine(Directory, relativeCase);

    private static string Locate()
    {
        var overridden = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(overridden))
        {
            return File.Exists(Path.Combine(overridden, ListFile))
                ? overridden
                : throw new DirectoryNotFoundException(
                    DirectoryVariable + "=" + overridden + " does not contain " + ListFile + "; point it at a toml-test corpus.");
        }

        var solution = new DirectoryInfo(AppContext.BaseDirectory);
        while (solution is not null && !File.Exists(Path.Combine(solution.FullName, "Plugins.sln")))
        {
            solution = solution.Parent;
        }

        if (solution is null)
        {
            throw new DirectoryNotFoundException(
                "No Plugins.sln above " + AppContext.BaseDirectory + "; set " + DirectoryVariable + " to the toml-test corpus.");
        }

        // A clone has shared/ beside it; a git worktree (repo/wt/name) finds the one beside the main checkout further up.
        var tried = new List<string>();
        for (var above = solution.Parent; above is not null; above = above.Parent)
        {
            var candidate = Path.Combine(above.FullName, "shared", "toml-test");
            if (File.Exists(Path.Combine(candidate, ListFile)))
            {
                return candidate;
            }

            tried.Add(candidate);
        }

        throw new DirectoryNotFoundException(
            "The toml-test corpus (" + ListFile + ") was not found in " + string.Join(", ", tried)
            + "; put it at ../shared/toml-test beside the repository or set " + DirectoryVariable + ".");
    }
}
