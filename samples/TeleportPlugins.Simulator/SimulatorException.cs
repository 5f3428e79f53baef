namespace TeleportPlugins.Simulator;

/// <summary>A Teleport error as the simulator reports it: the gRPC status code and Teleport's message.</summary>
public sealed class SimulatorException : Exception
{
    /// <summary>Creates an error with an Unknown status.</summary>
    public SimulatorException()
    {
    }

    /// <summary>Creates an error with an Unknown status.</summary>
    public SimulatorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an error with an Unknown status.</summary>
    public SimulatorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an error with the given status.</summary>
    public SimulatorException(SimulatorStatusCode statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>The gRPC status the error maps to.</summary>
    public SimulatorStatusCode StatusCode { get; } = SimulatorStatusCode.Unknown;

    internal static SimulatorException NotFound(string message) => new(SimulatorStatusCode.NotFound, message);

    internal static SimulatorException BadParameter(string message) => new(SimulatorStatusCode.InvalidArgument, message);

    internal static SimulatorException AccessDenied(string message) => new(SimulatorStatusCode.PermissionDenied, message);

    internal static SimulatorException CompareFailed(string message) => new(SimulatorStatusCode.FailedPrecondition, message);

    internal static SimulatorException NotImplemented(string message) => new(SimulatorStatusCode.Unimplemented, message);
}
