using System.Net;
using TeleportPlugins.Host.Teleport.Transport;

namespace TeleportPlugins.Host.Tests.Teleport.Transport;

public sealed class GrpcStatusTests
{
    [TestCase("access%20request%20%22%C3%BC%22:%20100%25%20gone", "access request \"ü\": 100% gone")]
    [TestCase("plain", "plain")]
    [TestCase("100%", "100%", TestName = "DecodeMessage_LoneTrailingPercent_IsKept")]
    [TestCase("bad%zzescape", "bad%zzescape", TestName = "DecodeMessage_InvalidEscape_IsKept")]
    public void DecodeMessage_PercentEncodedUtf8_Decodes(string encoded, string expected) =>
        Assert.That(GrpcStatus.DecodeMessage(encoded), Is.EqualTo(expected));

    [Test]
    public void FromHeaders_StatusAndMessage_AreRead()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("grpc-status", "9");
        response.Headers.TryAddWithoutValidation("grpc-message", "expectations%20not%20met");

        var status = GrpcStatus.FromHeaders(response.Headers);

        Assert.That(status, Is.EqualTo(new GrpcStatus(GrpcStatusCode.FailedPrecondition, "expectations not met")));
    }

    [TestCase("42", (int)GrpcStatusCode.Unknown, TestName = "FromHeaders_UnknownNumber_IsUnknown")]
    [TestCase("oops", (int)GrpcStatusCode.Internal, TestName = "FromHeaders_NotANumber_IsInternal")]
    [TestCase("0", (int)GrpcStatusCode.OK, TestName = "FromHeaders_Zero_IsOk")]
    public void FromHeaders_StatusValue_MapsToCode(string value, int expected)
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("grpc-status", value);

        Assert.That(GrpcStatus.FromHeaders(response.Headers)?.Code, Is.EqualTo((GrpcStatusCode)expected));
    }

    [Test]
    public void FromHeaders_NoStatus_IsNull()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("grpc-message", "orphan");

        Assert.That(GrpcStatus.FromHeaders(response.Headers), Is.Null);
    }

    [TestCase(HttpStatusCode.BadRequest, (int)GrpcStatusCode.Internal)]
    [TestCase(HttpStatusCode.Unauthorized, (int)GrpcStatusCode.Unauthenticated)]
    [TestCase(HttpStatusCode.Forbidden, (int)GrpcStatusCode.PermissionDenied)]
    [TestCase(HttpStatusCode.NotFound, (int)GrpcStatusCode.Unimplemented)]
    [TestCase(HttpStatusCode.TooManyRequests, (int)GrpcStatusCode.Unavailable)]
    [TestCase(HttpStatusCode.BadGateway, (int)GrpcStatusCode.Unavailable)]
    [TestCase(HttpStatusCode.ServiceUnavailable, (int)GrpcStatusCode.Unavailable)]
    [TestCase(HttpStatusCode.GatewayTimeout, (int)GrpcStatusCode.Unavailable)]
    [TestCase(HttpStatusCode.InternalServerError, (int)GrpcStatusCode.Unknown)]
    public void FromHttpStatus_SpecTable_Maps(HttpStatusCode http, int expected) =>
        Assert.That(GrpcStatusMapping.FromHttpStatus(http), Is.EqualTo((GrpcStatusCode)expected));

    [TestCase(0x0, (int)GrpcStatusCode.Internal)]
    [TestCase(0x2, (int)GrpcStatusCode.Internal)]
    [TestCase(0x7, (int)GrpcStatusCode.Unavailable)]
    [TestCase(0x8, (int)GrpcStatusCode.Cancelled)]
    [TestCase(0xB, (int)GrpcStatusCode.ResourceExhausted)]
    [TestCase(0xC, (int)GrpcStatusCode.PermissionDenied)]
    public void FromHttp2ErrorCode_SpecTable_Maps(long errorCode, int expected) =>
        Assert.That(GrpcStatusMapping.FromHttp2ErrorCode(errorCode), Is.EqualTo((GrpcStatusCode)expected));
}
