using Google.Protobuf;
using TeleportPlugins.Contracts;
using TeleportPlugins.Host.Teleport;
using TeleportPlugins.Host.Teleport.Protos.Types;

namespace TeleportPlugins.Host.Tests.Teleport;

public sealed class AccessRequestMapperTests
{
    private static readonly TeleportClusterInfo Cluster = new("example.com", "17.4.2", null);

    [Test]
    public void ToSnapshot_ResourceAccessIdsPresent_TakesThemOverRequestedResourceIds()
    {
        var spec = new AccessRequestSpecV3 { User = "alice" };
        spec.RequestedResourceIDs.Add(new ResourceID { ClusterName = "example.com", Kind = "node", Name = "old" });
        spec.RequestedResourceAccessIDs.Add(new ResourceAccessID { Id = new ResourceID { ClusterName = "example.com", Kind = "app", Name = "aws" } });
        spec.RequestedResourceAccessIDs.Add(new ResourceAccessID
        {
            Id = new ResourceID { ClusterName = "example.com", Kind = "pod", Name = "kube", SubResourceName = "prod/api" },
        });

        var snapshot = AccessRequestMapper.ToSnapshot(new AccessRequestV3 { Metadata = new Metadata { Name = "r-1" }, Spec = spec }, Cluster);

        Assert.That(snapshot.Resources, Is.EqualTo(new[]
        {
            new RequestedResource("example.com", "app", "aws"),
            new RequestedResource("example.com", "pod", "kube", "prod/api"),
        }));
    }

    [Test]
    public void ToSnapshot_OnlyRequestedResourceIds_TakesThem()
    {
        var spec = new AccessRequestSpecV3 { User = "alice" };
        spec.RequestedResourceIDs.Add(new ResourceID { ClusterName = "example.com", Kind = "node", Name = "web-1" });

        var snapshot = AccessRequestMapper.ToSnapshot(new AccessRequestV3 { Metadata = new Metadata { Name = "r-1" }, Spec = spec }, Cluster);

        Assert.That(snapshot.Resources, Is.EqualTo(new[] { new RequestedResource("example.com", "node", "web-1") }));
    }

    [Test]
    public void ToSnapshot_Field26WithConstraintsOnTheWire_ReadsTheResourceAndKeepsTheConstraintsAsUnknown()
    {
        byte[] resourceId = [0x0A, 0x0B, .."example.com"u8, 0x12, 0x03, .."app"u8, 0x1A, 0x03, .."aws"u8]; // 1 ClusterName, 2 Kind, 3 Name
        byte[] constraints = [0x0A, 0x02, .."v1"u8, 0x52, 0x07, 0x0A, 0x05, .."admin"u8];               // 1 version, 10 aws_console { 1 role_arns }
        byte[] accessId = [0x0A, (byte)resourceId.Length, ..resourceId, 0x12, (byte)constraints.Length, ..constraints];
        byte[] wire = [0x0A, 0x05, .."alice"u8, 0xD2, 0x01, (byte)accessId.Length, ..accessId];          // 1 User, 26 RequestedResourceAccessIDs

        var spec = AccessRequestSpecV3.Parser.ParseFrom(wire);
        var snapshot = AccessRequestMapper.ToSnapshot(new AccessRequestV3 { Metadata = new Metadata { Name = "r-1" }, Spec = spec }, Cluster);

        Assert.Multiple(() =>
        {
            Assert.That(snapshot.Resources, Is.EqualTo(new[] { new RequestedResource("example.com", "app", "aws") }));
            Assert.That(spec.ToByteArray(), Is.EqualTo(wire), "the constraints a newer server sends survive a re-encode");
        });
    }
}
