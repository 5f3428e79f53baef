using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using TeleportPlugins.Host.Teleport.Protos;
using TeleportPlugins.Host.Teleport.Protos.Types;
using TeleportPlugins.Host.Teleport.Protos.Wrappers;

namespace TeleportPlugins.Host.Tests.Teleport.Protos;

/// <summary>
/// Bytes written by hand from Teleport's field numbers, decoded with our generated types: proves the .proto
/// files put every field where Teleport's Go server puts it.
/// </summary>
public sealed class WireFormatTests
{
    [Test]
    public void Event_PutWithAccessRequestInField14_DecodesEveryField()
    {
        byte[] spec =
        [
            0x0A, 0x05, .."alice"u8,                       // 1 User
            0x12, 0x05, .."admin"u8,                       // 2 Roles
            0x12, 0x03, .."dev"u8,                         // 2 Roles
            0x18, 0x01,                                    // 3 State = PENDING
            0x22, 0x06, 0x08, 0x80, 0x83, 0xC2, 0xC4, 0x06, // 4 Created { 1 seconds = 1754300800 }
            0x32, 0x04, .."why?"u8,                        // 6 RequestReason
            0x4A, 0x1C,                                    // 9 SystemAnnotations (LabelValues)
            0x0A, 0x1A,                                    //   1 Values map entry
            0x0A, 0x0D, .."pagerduty_svc"u8,               //     1 key
            0x12, 0x09, 0x0A, 0x07, .."payroll"u8,         //     2 value StringValues { 1 Values }
        ];
        byte[] metadata = [0x0A, 0x03, .."r-1"u8, 0x12, 0x07, .."default"u8]; // 1 Name, 2 Namespace
        byte[] request =
        [
            0x0A, 0x0E, .."access_request"u8,              // 1 Kind
            0x1A, 0x02, .."v3"u8,                          // 3 Version
            0x22, (byte)metadata.Length, ..metadata,       // 4 Metadata
            0x2A, (byte)spec.Length, ..spec,               // 5 Spec
        ];
        byte[] wire =
        [
            0x08, 0x01,                                    // 1 Type = PUT
            0x72, (byte)request.Length, ..request,         // 14 AccessRequest (tag 14<<3|2 = 0x72)
        ];

        var e = Event.Parser.ParseFrom(wire);

        Assert.Multiple(() =>
        {
            Assert.That(e.Type, Is.EqualTo(Operation.Put));
            Assert.That(e.ResourceCase, Is.EqualTo(Event.ResourceOneofCase.AccessRequest));
            Assert.That(e.AccessRequest.Kind, Is.EqualTo("access_request"));
            Assert.That(e.AccessRequest.Version, Is.EqualTo("v3"));
            Assert.That(e.AccessRequest.Metadata.Name, Is.EqualTo("r-1"));
            Assert.That(e.AccessRequest.Metadata.Namespace, Is.EqualTo("default"));
            Assert.That(e.AccessRequest.Spec.User, Is.EqualTo("alice"));
            Assert.That(e.AccessRequest.Spec.Roles, Is.EqualTo(new[] { "admin", "dev" }));
            Assert.That(e.AccessRequest.Spec.State, Is.EqualTo(RequestState.Pending));
            Assert.That(e.AccessRequest.Spec.Created.Seconds, Is.EqualTo(1754300800));
            Assert.That(e.AccessRequest.Spec.RequestReason, Is.EqualTo("why?"));
            Assert.That(e.AccessRequest.Spec.SystemAnnotations.Values["pagerduty_svc"].Values, Is.EqualTo(new[] { "payroll" }));
        });
    }

    [Test]
    public void Event_ZeroLengthMessage_IsInitWithoutResource()
    {
        // Older servers send INIT as Event{} and proto3 omits the zero enum, so nothing is on the wire.
        var e = Event.Parser.ParseFrom([]);

        Assert.Multiple(() =>
        {
            Assert.That(e.Type, Is.EqualTo(Operation.Init));
            Assert.That(e.ResourceCase, Is.EqualTo(Event.ResourceOneofCase.None));
        });
    }

    [Test]
    public void Event_InitWithWatchStatusInField43_DecodesConfirmedKinds()
    {
        byte[] kind = [0x0A, 0x0E, .."access_request"u8];                       // WatchKind { 1 Kind }
        byte[] spec = [0x0A, (byte)kind.Length, ..kind];                         // WatchStatusSpecV1 { 1 Kinds }
        byte[] status = [0x0A, 0x0C, .."watch_status"u8, 0x2A, (byte)spec.Length, ..spec]; // 1 Kind, 5 Spec
        byte[] wire = [0xDA, 0x02, (byte)status.Length, ..status];               // 43<<3|2 = 346 = varint DA 02

        var e = Event.Parser.ParseFrom(wire);

        Assert.Multiple(() =>
        {
            Assert.That(e.Type, Is.EqualTo(Operation.Init));
            Assert.That(e.ResourceCase, Is.EqualTo(Event.ResourceOneofCase.WatchStatus));
            Assert.That(e.WatchStatus.Kind, Is.EqualTo("watch_status"));
            Assert.That(e.WatchStatus.Spec.Kinds.Select(k => k.Kind), Is.EqualTo(new[] { "access_request" }));
        });
    }

    [Test]
    public void Event_DeleteWithResourceHeaderInField2_DecodesRequestId()
    {
        byte[] metadata = [0x0A, 0x03, .."r-9"u8];
        byte[] header = [0x0A, 0x0E, .."access_request"u8, 0x1A, 0x02, .."v3"u8, 0x22, (byte)metadata.Length, ..metadata];
        byte[] wire = [0x08, 0x02, 0x12, (byte)header.Length, ..header];

        var e = Event.Parser.ParseFrom(wire);

        Assert.Multiple(() =>
        {
            Assert.That(e.Type, Is.EqualTo(Operation.Delete));
            Assert.That(e.ResourceHeader.Kind, Is.EqualTo("access_request"));
            Assert.That(e.ResourceHeader.Metadata.Name, Is.EqualTo("r-9"));
        });
    }

    [Test]
    public void Event_UnknownFieldsFromANewerServer_AreSkippedAndKeptOnReEncode()
    {
        // Known fields first, in field order, so that re-encoding must give back the very same bytes.
        byte[] spec =
        [
            0x0A, 0x05, .."alice"u8,                       // 1 User
            0xD2, 0x01, 0x02, 0x0A, 0x00,                  // 26 RequestedResourceAccessIDs (not declared here)
            0xF8, 0x06, 0x2A,                              // 111 varint (unknown)
        ];
        byte[] request = [0x2A, (byte)spec.Length, ..spec, 0x45, 0x01, 0x02, 0x03, 0x04]; // 5 Spec, 8 fixed32 (unknown)
        byte[] put =
        [
            0x08, 0x01,                                    // 1 Type = PUT
            0x72, (byte)request.Length, ..request,         // 14 AccessRequest
            0xF9, 0x06, 1, 2, 3, 4, 5, 6, 7, 8,            // 111 fixed64 (unknown)
        ];
        byte[] otherKind = [0x08, 0x01, 0xEA, 0x02, 0x03, 0x0A, 0x01, 0x78]; // PUT of 45 AccessList (54 AccessMonitoringRule is declared now)

        var e = Event.Parser.ParseFrom(put);
        var other = Event.Parser.ParseFrom(otherKind);

        Assert.Multiple(() =>
        {
            Assert.That(e.Type, Is.EqualTo(Operation.Put));
            Assert.That(e.AccessRequest.Spec.User, Is.EqualTo("alice"));
            Assert.That(e.ToByteArray(), Is.EqualTo(put), "unknown fields are preserved when re-encoded");
            Assert.That(other.Type, Is.EqualTo(Operation.Put));
            Assert.That(other.ResourceCase, Is.EqualTo(Event.ResourceOneofCase.None), "an undeclared resource is no error");
            Assert.That(other.ToByteArray(), Is.EqualTo(otherKind));
        });
    }

    [Test]
    public void AccessReview_GoZeroTime_DecodesAsYearOne()
    {
        // gogo always writes non-nullable times; Go's zero time.Time is seconds = -62135596800.
        var zero = new Timestamp { Seconds = -62135596800 };
        byte[] wire = [0x2A, .. WithLength(zero.ToByteArray())]; // 5 Created

        var review = AccessReview.Parser.ParseFrom(wire);

        Assert.That(review.Created.ToDateTimeOffset(), Is.EqualTo(DateTimeOffset.MinValue));
    }

    [Test]
    public void RequestStateSetter_Encode_PutsDelegatorInField3()
    {
        var setter = new RequestStateSetter { ID = "r-1", State = RequestState.Approved, Delegator = "jira:alice@example.com" };

        byte[] expected = [0x0A, 0x03, .."r-1"u8, 0x10, 0x02, 0x1A, 0x16, .."jira:alice@example.com"u8];
        Assert.That(setter.ToByteArray(), Is.EqualTo(expected));
    }

    [Test]
    public void PluginDataUpdateParams_ExpectWithEmptyValue_IsStillOnTheWire()
    {
        // "Expect nothing yet" must reach the server as a key with an empty value: an empty map is not sent at all.
        var update = new PluginDataUpdateParams { Kind = "access_request", Resource = "r-1", Plugin = "slack" };
        update.Set.Add("ts", "1");
        update.Expect.Add("ts", "");

        var decoded = PluginDataUpdateParams.Parser.ParseFrom(update.ToByteArray());
        var expectFields = CountField(update.ToByteArray(), 5);

        Assert.Multiple(() =>
        {
            Assert.That(expectFields, Is.EqualTo(1));
            Assert.That(decoded.Expect, Does.ContainKey("ts").WithValue(string.Empty));
            Assert.That(decoded.Set, Does.ContainKey("ts").WithValue("1"));
        });
    }

    [Test]
    public void LabelValues_RoundTrip_KeepsEveryValue()
    {
        var labels = new LabelValues();
        labels.Values.Add("teams", new StringValues { Values = { "a", "b" } });

        var decoded = LabelValues.Parser.ParseFrom(labels.ToByteArray());

        Assert.That(decoded.Values["teams"].Values, Is.EqualTo(new[] { "a", "b" }));
    }

    private static byte[] WithLength(byte[] body) => [(byte)body.Length, .. body];

    private static int CountField(byte[] message, int fieldNumber)
    {
        var input = new CodedInputStream(message);
        var count = 0;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == fieldNumber)
            {
                count++;
            }

            input.SkipLastField();
        }

        return count;
    }
}
