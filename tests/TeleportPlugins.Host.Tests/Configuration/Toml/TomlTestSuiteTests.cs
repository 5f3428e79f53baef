namespace TeleportPlugins.Host.Tests.Configuration.Toml;

/// <summary>The toml-test corpus for TOML 1.1.0: every listed case, one test each, plus a count of them all.</summary>
[TestFixture]
public sealed class TomlTestSuiteTests
{
    public static IEnumerable<string> ValidCases() =>
        TomlTestCorpus.ListedCases().Where(c => c.StartsWith("valid/", StringComparison.Ordinal));

    public static IEnumerable<string> InvalidCases() =>
        TomlTestCorpus.ListedCases().Where(c => c.StartsWith("invalid/", StringComparison.Ordinal));

    [TestCaseSource(nameof(ValidCases))]
    public async Task Parse_ValidCase_MatchesExpectedJson(string relativeCase)
    {
        var difference = await TomlTestCaseRunner.RunValidAsync(relativeCase);

        Assert.That(difference, Is.Null);
    }

    [TestCaseSource(nameof(InvalidCases))]
    public async Task Parse_InvalidCase_RejectedWithPosition(string relativeCase)
    {
        var failure = await TomlTestCaseRunner.RunInvalidAsync(relativeCase);

        Assert.That(failure, Is.Null);
    }

    [Test]
    public async Task Parse_EveryListedCase_PassesAndIsCounted()
    {
        var listed = TomlTestCorpus.ListedCases();
        var passedValid = 0;
        var passedInvalid = 0;
        var failures = new List<string>();
        foreach (var relativeCase in listed)
        {
            var failure = await TomlTestCaseRunner.RunAsync(relativeCase);
            if (failure is not null)
            {
                failures.Add(relativeCase + ": " + failure);
            }
            else if (relativeCase.StartsWith("valid/", StringComparison.Ordinal))
            {
                passedValid++;
            }
            else
            {
                passedInvalid++;
            }
        }

        await TestContext.Progress.WriteLineAsync("toml-test 1.1.0: " + passedValid + " valid, " + passedInvalid + " invalid");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(failures, Is.Empty);
            Assert.That(passedValid + passedInvalid, Is.EqualTo(listed.Count));
            Assert.That(passedValid, Is.GreaterThan(0));
            Assert.That(passedInvalid, Is.GreaterThan(0));
        }
    }
}
