namespace RelayWorker.Benchmarks.Cli;

/// <summary>The help text: every command, its options and their defaults.</summary>
internal static class Usage
{
    public const string Text = """
        usage: dotnet run -c Release --project tests/RelayWorker.Benchmarks -- <command> [options]

        Needs ffmpeg, nginx-light + libnginx-mod-rtmp and setpriv (test.sh installs them). Everything runs on
        127.0.0.1; every process started is stopped by its PID. Output is Markdown, ready for BENCHMARKS.md.

        ladder           one ffmpeg with one decode + split vs four single-rung ffmpegs (720p25, 576p25, 288p12, 144p1)
                         --reps 3   --seconds 20 (source clip length)   --modes live,max   --outputs null,udp
        supervision      N copy routes under the worker vs the same ffmpeg command lines run bare
                         --routes 20,50   --reps 2   --window 30 (measured seconds)   --warmup 10
        restart-latency  SIGKILL the route's ffmpeg: kill -> replacement child -> first media at the sink, vs nginx-rtmp exec_push
                         --kills 20   --settle 8 (seconds of media before each kill)   --targets worker,worker-stable,nginx-0,nginx-5s
        startup          worker start -> first media on every route
                         --routes 1,10,20   --reps 3
        outage           source gone for --gap seconds, then back -> media at the sink again
                         --outages 3 (of each kind)   --gap 8   --between 65   --settings default,max2s   --kinds publisher,server
        soak             N routes with random child kills and source flaps; resources and media gaps at start and end
                         --routes 10   --duration 600 (seconds)   --kill-every 15-45   --flap-every 60-120   --flap-for 3-8   --seed 1
        first-frame      process launch -> first video TS packet at a UDP sink: the worker vs bare ffmpegs, one RTMP->UDP copy
                         --reps 10   --gop 1 (source GOP, seconds)   --variants worker,worker-no-cache,bare-same-options,bare-default
        latency          latency the RTMP->SRT hop adds over a direct RTMP viewer, matched frame by frame (p50/p95)
                         --reps 3   --seconds 20 (measured per run)   --gop 2   --variants bare-default,bare-flags,worker   --loss-one-in 0 (10: drop 10 % of the SRT datagrams)
        many-routes      N copy routes started at once behind nginx in the CPU queue (nice -n 10), worker vs the same command lines bare:
                         time until all stream, restarts by reason, slowest endpoint answers; a steady window (restarts, speed, CPU, RSS);
                         the shared RTMP server down and back (worker only)
                         --routes 50,100,200   --timeout 120 (seconds per phase)   --steady 60 (seconds)   --outage 5 (seconds; 0: none)   --max-starting 0 (the worker's Relay__MaxStartingRoutes; 0: its default)
        restart-churn    N routes whose source refuses the connection, restarted every few hundred ms: the worker's RSS per restarts
                         --routes 20   --restarts 2000   --first 100   --sample 250   --timeout 1200 (seconds)
        continuity-soak  a continuous route (backup and slate) under random source faults: switch times p50/p95,
                         RSS over time, one connection per destination, the viewer's clock
                         --minutes 30   --fault-every 8-15 (seconds)   --seed 1
        continuity-cost  CPU and memory of a continuous route (backup and slate) against a plain one, copy and a ladder rung
                         --reps 2   --seconds 30   --profiles copy,576p25
        """;
}
