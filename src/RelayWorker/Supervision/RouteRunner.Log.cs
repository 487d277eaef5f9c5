namespace RelayWorker.Supervision;

internal sealed partial class RouteRunner
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Route {Route}: ffmpeg started, pid {Pid}: {CommandLine}")]
    private partial void LogStarted(string route, int pid, string commandLine);

    [LoggerMessage(EventId = 2002, Message = "Route {Route}: ffmpeg pid {Pid} ended with exit code {ExitCode} ({Reason}) after {Seconds:0.0} s; last error: {LastError}")]
    private partial void LogExited(LogLevel level, string route, int pid, int exitCode, string reason, double seconds, string lastError);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Route {Route}: cannot start {FfmpegPath}: {Error}")]
    private partial void LogStartFailed(string route, string ffmpegPath, string error);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Route {Route}: media has not advanced for {StallSeconds} s; restarting ffmpeg pid {Pid}")]
    private partial void LogStalled(string route, int pid, double stallSeconds);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Route {Route}: ffmpeg pid {Pid} ignored SIGINT for {Seconds} s; sending SIGKILL")]
    private partial void LogKilling(string route, int pid, double seconds);

    [LoggerMessage(EventId = 2006, Message = "Route {Route}: ffmpeg: {Line}")]
    private partial void LogFfmpegOutput(LogLevel level, string route, string line);

    [LoggerMessage(EventId = 2007, Message = "Route {Route}: ffmpeg: {Count} more lines like the next one in the last {WindowSeconds} s were not logged")]
    private partial void LogFfmpegSuppressed(LogLevel level, string route, int count, double windowSeconds);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning,
        Message = "Route {Route}: ffmpeg pid {Pid} delivered no media within StartTimeout ({StartSeconds} s of connecting and probing); restarting")]
    private partial void LogNoFirstMedia(string route, int pid, double startSeconds);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning,
        Message = "Route {Route}: the input now on air has another video codec than output ffmpeg pid {Pid} was started with; restarting the output (the destinations reconnect once)")]
    private partial void LogSourceFormatChanged(string route, int pid);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning,
        Message = "Route {Route}: packets keep coming but the source's clock stopped or went back (a publisher returning into a held session?); restarting ffmpeg pid {Pid} now")]
    private partial void LogFrozen(string route, int pid);
}
