using System.Collections.Concurrent;
using System.Collections.Immutable;
using RelayWorker.Media;

namespace RelayWorker.Supervision;

internal sealed partial class RouteRunner
{
    // Per route name: the definition it was learned for (a reconfigured route starts afresh) and the
    // destinations whose muxer refused the media, which later runs write without a fifo.
    private readonly ConcurrentDictionary<string, (RouteDefinition Route, ImmutableHashSet<int> Indices)> _refusedHeaders = new(StringComparer.Ordinal);

    private ImmutableHashSet<int> WithoutFifo(RouteDefinition route) =>
        _refusedHeaders.TryGetValue(route.Name, out var known) && ReferenceEquals(known.Route, route) ? known.Indices : [];

    private void RememberRefusal(RouteDefinition route, int index) =>
        _refusedHeaders.AddOrUpdate(
            route.Name,
            _ => (route, [index]),
            (_, known) => ReferenceEquals(known.Route, route) ? (route, known.Indices.Add(index)) : (route, [index]));

    /// <summary>
    /// Watches one run for a fifo destination whose header was refused. The failed session can only be
    /// closed by ending the run (ffmpeg's fifo keeps it and retries at once, then every second), so the
    /// run is killed as soon as the refusal is read, and the next run writes that destination without a fifo: it fails once,
    /// the tee closes it, and the other destinations carry on. Thread-safe: set from the stderr reader,
    /// read by the watch loop.
    /// </summary>
    private sealed class RefusalWatch(RouteRunner runner, RouteDefinition route, ImmutableHashSet<int> withoutFifo)
    {
        private readonly HeaderRefusalDetector? _detector = route.Renditions.IsEmpty
            ? HeaderRefusalDetector.For(route.Source, route.Destinations)
            : null;

        private readonly TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile int _refused = -1;
        private volatile string? _error;

        public ImmutableHashSet<int> WithoutFifo => withoutFifo;

        /// <summary>The index of a fifo destination whose header was refused, or -1.</summary>
        public int Refused => _refused;

        /// <summary>The refusal, redacted.</summary>
        public string Error => _error ?? "-";

        /// <summary>Completes on the refusal, so the watch loop acts on it at once rather than at its next tick.</summary>
        public Task Signal => _signal.Task;

        public void Observe(string line, bool isError, string redacted)
        {
            if (_refused < 0 && _detector?.Observe(line, isError) is { } index && !withoutFifo.Contains(index))
            {
                runner.RememberRefusal(route, index);
                _error = redacted;
                _refused = index;
                _signal.TrySetResult();
            }
        }
    }

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning,
        Message = "Route {Route}: destination {Destination} refused the media ({Error}); killed ffmpeg pid {Pid} so the session it opened is closed, and that destination is written without a fifo from now on: it is tried once per run")]
    private partial void LogHeaderRefused(string route, int destination, string error, int pid);
}
