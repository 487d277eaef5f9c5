using System.Text.Json;
using System.Text.Json.Serialization;
using RelayWorker.Capabilities;
using RelayWorker.Control;
using RelayWorker.Events;
using RelayWorker.Health;
using RelayWorker.Runs;

namespace RelayWorker.Api;

/// <summary>
/// Every JSON body the worker writes, described at compile time: the worker ships ahead-of-time compiled, where
/// System.Text.Json cannot discover types by reflection. A type the HTTP API, the console feed or the health
/// endpoints return must be listed here (the AOT analysis of the build names any that is not). Web defaults:
/// camelCase names; enums are written by name through the converter on each enum type.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IEnumerable<RouteStatusDto>))]
[JsonSerializable(typeof(RouteStatusDto))]
[JsonSerializable(typeof(RouteRunsDto))]
[JsonSerializable(typeof(SystemDto))]
[JsonSerializable(typeof(ErrorDto))]
[JsonSerializable(typeof(RemovedRouteDto))]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class RelayJsonContext : JsonSerializerContext;

/// <summary>
/// Events on /api/events and in webhook bodies: the same web defaults, and a field that does not apply to the
/// event's kind is left out rather than written as null.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RelayEvent))]
internal sealed partial class RelayEventJsonContext : JsonSerializerContext;

/// <summary>The console feed's <c>removed</c> event: the route that left.</summary>
internal sealed record RemovedRouteDto(string Name);
