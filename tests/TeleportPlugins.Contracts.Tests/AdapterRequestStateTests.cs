namespace TeleportPlugins.Contracts.Tests;

public sealed class AdapterRequestStateTests
{
    [Test]
    public void Set_NewValue_MarksChanged()
    {
        var state = new AdapterRequestState();

        state.Set("messages", "C1/1.2");

        Assert.That(state.IsChanged, Is.True);
        Assert.That(state.Get("messages"), Is.EqualTo("C1/1.2"));
    }

    [Test]
    public void Set_SameValue_NotChanged()
    {
        var state = new AdapterRequestState([new("messages", "C1/1.2")]);

        state.Set("messages", "C1/1.2");

        Assert.That(state.IsChanged, Is.False);
    }

    [Test]
    public void Set_EmptyValue_RemovesTheKeyAsTeleportDoes()
    {
        var state = new AdapterRequestState([new("issue_id", "10001")]);

        state.Set("issue_id", string.Empty);

        Assert.That(state.TryGet("issue_id", out _), Is.False);
        Assert.That(state.IsChanged, Is.True);
        Assert.That(state.Keys, Is.Empty);
    }

    [Test]
    public void Constructor_EmptyValues_Dropped()
    {
        var state = new AdapterRequestState([new("a", ""), new("b", "1")]);

        Assert.That(state.ToDictionary(), Is.EqualTo(new Dictionary<string, string> { ["b"] = "1" }));
    }

    [Test]
    public void Set_ReservedKey_RefusedForAdapters()
    {
        var state = new AdapterRequestState();

        Assert.That(() => state.Set("tp_steps", "x"), Throws.ArgumentException.With.Message.Contains("reserved for the host"));
        Assert.That(state.IsChanged, Is.False);
    }

    [Test]
    public void SetReserved_HostKey_StoredAndMarkSavedClearsChange()
    {
        var state = new AdapterRequestState();

        state.SetReserved("tp_steps", "created");
        state.MarkSaved();

        Assert.That(state.Get("tp_steps"), Is.EqualTo("created"));
        Assert.That(state.IsChanged, Is.False);
        Assert.That(() => state.SetReserved("messages", "x"), Throws.ArgumentException);
    }
}
