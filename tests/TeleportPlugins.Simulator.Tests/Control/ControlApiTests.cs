using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TeleportPlugins.Simulator.Tests.Support;
using TeleportPlugins.Contracts;

namespace TeleportPlugins.Simulator.Tests.Control;

/// <summary>The JSON control API on its own port, as the demo and scripts use it.</summary>
[TestFixture]
public sealed class ControlApiTests
{
    private TestSimulator sim = null!;
    private HttpClient http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        sim = await TestSimulator.StartAsync();
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sim.Server.ControlPort}/") };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        http.Dispose();
        await sim.DisposeAsync();
    }

    [Test]
    public async Task AccessMonitoringRules_PutListDelete_StoredListedAndGone()
    {
        var put = await http.PutAsJsonAsync("access-monitoring-rules/dba", new
        {
            subjects = new[] { "access_request" },
            condition = "access_request.spec.roles.contains(\"db-admin\")",
            notification_name = "slack",
            recipients = new[] { "#dba" },
        });
        var listed = await http.GetFromJsonAsync<JsonElement>("access-monitoring-rules");
        var delete = await http.DeleteAsync("access-monitoring-rules/dba");
        var again = await http.DeleteAsync("access-monitoring-rules/dba");
        var noCondition = await http.PutAsJsonAsync("access-monitoring-rules/empty", new { subjects = new[] { "access_request" } });

        Assert.Multiple(() =>
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(listed.EnumerateArray().Single().GetProperty("notification_name").GetString(), Is.EqualTo("slack"));
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(noCondition.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(sim.Server.GetAccessMonitoringRules(), Is.Empty);
        });
    }

    [Test]
    public async Task AccessLists_PutAndReadPluginData_StoredWithTheirOwnersAndNoDataYet()
    {
        var put = await http.PutAsJsonAsync("access-lists/payroll", new
        {
            title = "Payroll admins",
            next_audit_date = "2026-12-01T00:00:00Z",
            owners = new[] { "alice@example.com" },
            owner_lists = new[] { "finance-leads" },
        });
        var data = await http.GetFromJsonAsync<JsonElement>("access-lists/payroll/plugin-data");

        Assert.Multiple(() =>
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(data.EnumerateObject(), Is.Empty);
        });
    }

    [Test]
    public async Task Requests_CreateReviewAndResolve_ChangesStateAndRecordsDelegator()
    {
        var create = await http.PostAsJsonAsync("requests", new
        {
            user = "carol",
            roles = new[] { "editor" },
            reason = "incident 42",
            suggested_reviewers = new[] { "alice" },
            annotations = new Dictionary<string, string[]> { ["teleport.dev/schedules"] = ["primary"] },
            thresholds = new[] { new { name = "two", approve = 2, deny = 1 } },
        });
        var id = (await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var review = await http.PostAsJsonAsync($"requests/{id}/reviews", new { author = "alice", state = "approve", reason = "ok" });
        var state = await http.PostAsJsonAsync($"requests/{id}/state", new { state = "approved", reason = "on call", delegator = "pagerduty:alice" });
        var audit = await http.GetFromJsonAsync<JsonElement>("audit");

        var stored = sim.Server.GetRequest(id)!;
        Assert.Multiple(() =>
        {
            Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(review.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(state.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(stored.State, Is.EqualTo(AccessRequestState.Approved));
            Assert.That(stored.Thresholds.Single().Approve, Is.EqualTo(2));
            Assert.That(stored.Annotations["teleport.dev/schedules"], Is.EqualTo(new[] { "primary" }));
            Assert.That(stored.Reviews.Single().Author, Is.EqualTo("alice"));
            Assert.That(
                audit.EnumerateArray().Any(e => e.GetProperty("request_id").GetString() == id && e.GetProperty("delegator").GetString() == "pagerduty:alice"),
                Is.True);
        });
    }

    [Test]
    public async Task Requests_BadInput_ClientErrorsAndNothingCreated()
    {
        var before = sim.Server.GetRequests().Count;

        var malformed = await http.PostAsync("requests", new StringContent("{\"user\": ", Encoding.UTF8, "application/json"));
        var unknownField = await http.PostAsync("requests", new StringContent("{\"usr\": \"carol\"}", Encoding.UTF8, "application/json"));
        var noRoles = await http.PostAsJsonAsync("requests", new { user = "carol" });
        var tooLarge = await http.PostAsync("requests", new StringContent(new string(' ', 100_000), Encoding.UTF8, "application/json"));
        var missing = await http.PostAsJsonAsync($"requests/{Guid.NewGuid()}/reviews", new { author = "alice", state = "approve" });
        var badState = await http.PostAsJsonAsync($"requests/{Guid.NewGuid()}/reviews", new { author = "alice", state = "maybe" });
        var noAuthor = await http.PostAsJsonAsync($"requests/{Guid.NewGuid()}/reviews", new { state = "approve" });

        Assert.Multiple(() =>
        {
            Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(unknownField.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(noRoles.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((int)tooLarge.StatusCode, Is.EqualTo(413));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(badState.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(noAuthor.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(sim.Server.GetRequests(), Has.Count.EqualTo(before));
        });
    }

    [Test]
    public async Task ExpireDeleteAndDrop_RemoveRequestsAndReportDroppedWatches()
    {
        var expired = sim.Server.CreateRequest(new NewAccessRequest { User = "carol", Roles = ["editor"] }).Id;
        var deleted = sim.Server.CreateRequest(new NewAccessRequest { User = "carol", Roles = ["editor"] }).Id;

        var expire = await http.PostAsync($"requests/{expired}/expire", null);
        var delete = await http.DeleteAsync($"requests/{deleted}");
        var drop = await http.PostAsync("watch/drop", null);
        var list = await http.GetFromJsonAsync<JsonElement>("requests");
        var pluginData = await http.GetFromJsonAsync<JsonElement>($"requests/{expired}/plugin-data");

        Assert.Multiple(async () =>
        {
            Assert.That(expire.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That((await drop.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dropped").GetInt32(), Is.Zero);
            Assert.That(list.EnumerateArray().Select(r => r.GetProperty("id").GetString()), Does.Not.Contain(expired).And.Not.Contain(deleted));
            Assert.That(pluginData.EnumerateObject(), Is.Empty);
        });
    }

    [Test]
    public async Task Users_AddWithRolesAndTraits_ListedAndMalformedRejected()
    {
        var added = await http.PostAsJsonAsync("users", new
        {
            name = "grace",
            roles = new[] { SimulatorRoles.Reviewer },
            traits = new Dictionary<string, string[]> { ["slack_uid"] = ["U_GRACE"] },
        });
        var nameless = await http.PostAsJsonAsync("users", new { roles = new[] { SimulatorRoles.Reviewer } });
        var unknownKey = await http.PostAsync("users", new StringContent("{\"name\":\"x\",\"password\":\"p\"}", Encoding.UTF8, "application/json"));
        var users = await http.GetFromJsonAsync<JsonElement>("users");

        var grace = users.EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(nameless.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(unknownKey.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(grace.GetProperty("name").GetString(), Is.EqualTo("grace"));
            Assert.That(grace.GetProperty("roles")[0].GetString(), Is.EqualTo(SimulatorRoles.Reviewer));
            Assert.That(grace.GetProperty("traits").GetProperty("slack_uid")[0].GetString(), Is.EqualTo("U_GRACE"));
            Assert.That(sim.Server.GetUsers().Select(u => u.Name), Is.EqualTo(new[] { "grace" }));
        });
    }

    [Test]
    public async Task Resources_AddWithLabelsThenARequestNamingThem_ListedAndUnknownKindRejected()
    {
        var added = await http.PostAsJsonAsync("resources", new { kind = "node", name = "db-1", labels = new Dictionary<string, string> { ["env"] = "prod" } });
        var app = await http.PostAsJsonAsync("resources", new { kind = "app", name = "grafana", labels = new Dictionary<string, string> { ["team"] = "obs" } });
        var db = await http.PostAsJsonAsync("resources", new { kind = "db", name = "orders" });
        var desktop = await http.PostAsJsonAsync("resources", new { kind = "windows_desktop", name = "win-1" });
        var group = await http.PostAsJsonAsync("resources", new { kind = "user_group", name = "admins" });
        var create = await http.PostAsJsonAsync("requests", new { user = "carol", roles = new[] { "editor" }, resources = new[] { $"/{sim.Server.ClusterName}/node/db-1" } });
        var badId = await http.PostAsJsonAsync("requests", new { user = "carol", roles = new[] { "editor" }, resources = new[] { "node/db-1" } });
        var resources = await http.GetFromJsonAsync<JsonElement>("resources");

        var node = resources.EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "node");
        Assert.Multiple(() =>
        {
            Assert.That((added.StatusCode, app.StatusCode, db.StatusCode, desktop.StatusCode), Is.EqualTo((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created)));
            Assert.That(group.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "the simulator holds no user groups");
            Assert.That(resources.EnumerateArray().Select(r => r.GetProperty("kind").GetString()), Is.EquivalentTo(new[] { "node", "app", "db", "windows_desktop" }));
            Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(badId.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(node.GetProperty("name").GetString(), Is.EqualTo("db-1"));
            Assert.That(node.GetProperty("labels").GetProperty("env").GetString(), Is.EqualTo("prod"));
        });
    }
}
