using TeleportPlugins.Load.Measure;
using TeleportPlugins.Load.Results;

namespace TeleportPlugins.Load.Scenarios;

/// <summary>A fault run's outcome.</summary>
/// <param name="Delivery">Delivery, duplicates and replies over every adapter.</param>
/// <param name="HealthyDuringHang">Latency of the healthy adapters for events issued while the hang lasted.</param>
/// <param name="HealthyOutsideHang">Latency of the healthy adapters for the other events.</param>
/// <param name="Result">What was written to the results folder.</param>
public sealed record FaultRunReport(DeliveryReport Delivery, Percentiles HealthyDuringHang, Percentiles HealthyOutsideHang, ScenarioResult Result);
