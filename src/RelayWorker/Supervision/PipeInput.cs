namespace RelayWorker.Supervision;

/// <summary>
/// The input of a continuous route's output stage: ffmpeg reads MPEG-TS from its stdin (<paramref name="Arguments"/>
/// replace the source's input options), <paramref name="Writer"/> fills that stdin for as long as the process lives,
/// and <paramref name="Feeding"/> says whether any input delivers now, so the run is not judged stalled while there
/// is nothing to send. <paramref name="RestartSignal"/> gives, per run, a task that completes when the run must be
/// replaced because its input changed codec.
/// </summary>
internal sealed record PipeInput(
    IReadOnlyList<string> Arguments, Func<Stream, CancellationToken, Task> Writer, Func<bool> Feeding, Func<Task> RestartSignal);
