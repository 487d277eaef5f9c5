using RelayWorker.Continuity;

namespace RelayWorker.Tests.Continuity;

public sealed class SlateTests
{
    private const string StreamFields = "stream=codec_name,profile,level,width,height,pix_fmt,r_frame_rate,sample_rate,channels,channel_layout";

    [Fact]
    public void FromFfmpegLog_ReadsTheInputStreamsAndIgnoresTheOutputs()
    {
        string[] lines =
        [
            "Input #0, flv, from 'rtmp://127.0.0.1:1935/live/cam1':",
            "  Stream #0:0: Video: h264 (High), yuv420p(progressive), 1280x720 [SAR 1:1 DAR 16:9], 29.97 fps, 29.97 tbr, 1k tbn",
            "  Stream #0:1: Audio: aac (LC), 44100 Hz, mono, fltp, 128 kb/s",
            "Output #0, mpegts, to 'pipe:1':",
            "  Stream #0:0: Video: h264 (Main), yuv420p(progressive), 640x360, q=2-31, 25 fps, 90k tbn",
        ];

        var info = SourceStreamInfo.FromFfmpegLog(lines);

        Assert.Equal(new SourceStreamInfo("h264", "High", "yuv420p", 1280, 720, "30000/1001", "aac", 44100, "mono"), info);
        Assert.Null(SourceStreamInfo.FromFfmpegLog(["  Stream #0:0: Audio: aac (LC), 48000 Hz, stereo, fltp"]));
    }

    [Fact]
    public void FromFfmpegLog_HevcWithoutAudio()
    {
        var info = SourceStreamInfo.FromFfmpegLog(
            ["  Stream #0:0[0x100]: Video: hevc (Main) ([36][0][0][0] / 0x0024), yuv420p(tv), 1920x1080, 50 fps, 50 tbr, 90k tbn"]);

        Assert.Equal(new SourceStreamInfo("hevc", "Main", "yuv420p", 1920, 1080, "50", null, 0, null), info);
    }

    [Fact]
    public async Task BuiltinSlate_For720pHighH264With48kStereo_MatchesTheSourceAndSplicesInCleanly()
    {
        var directory = Directory.CreateTempSubdirectory("relayworker-slate-match-").FullName;
        try
        {
            var source = Path.Combine(directory, "source.ts");
            await TsFixtures.RunAsync("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=3", "-f", "lavfi", "-i", "sine=sample_rate=48000:duration=3",
                "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-level:v", "4.0",
                "-pix_fmt", "yuv420p", "-g", "25", "-c:a", "aac", "-ac", "2", "-ar", "48000", "-f", "mpegts", source);
            // The ingest of a copy route: its log tells the parameters, its SPS the level.
            var ingest = Path.Combine(directory, "ingest.ts");
            var log = await TsFixtures.RunAsync("ffmpeg", ["-hide_banner", "-nostdin", "-i", source, "-map", "0:v", "-map", "0:a", "-c", "copy", .. ContinuityMuxer.Arguments, "-y", ingest]);
            var ingestPackets = TsFixtures.Packets(await File.ReadAllBytesAsync(ingest));
            var info = SourceStreamInfo.FromFfmpegLog(log.Split('\n')) ?? throw new InvalidOperationException(log);
            info = info with { LevelIdc = SpsLevel(ingestPackets) };

            var slate = Path.Combine(directory, "slate.ts");
            var arguments = SlateArguments.Build("cam1", "builtin", info, slate).ToList();
            arguments.InsertRange(arguments.Count - 1, ["-t", "2", "-y"]);
            var slateLog = await TsFixtures.RunAsync("ffmpeg", [.. arguments]);

            var expected = await TsFixtures.RunAsync("ffprobe", "-v", "error", "-show_entries", StreamFields, "-of", "csv=p=0", source);
            var actual = await TsFixtures.RunAsync("ffprobe", "-v", "error", "-show_entries", StreamFields, "-of", "csv=p=0", slate);
            Assert.Contains("1280,720", expected, StringComparison.Ordinal);
            Assert.Equal(expected, actual);

            // A viewer decoding the source decodes the slate that follows it in the same stream.
            var spliced = new SplicedOutput();
            spliced.Splicer.SwitchTo(0, seamless: false);
            var switched = false;
            spliced.Play(SplicedOutput.Arrivals(ingestPackets), SplicedOutput.Arrivals(TsFixtures.Packets(await File.ReadAllBytesAsync(slate))), at =>
            {
                if (!switched && at >= TsTime.TicksPerSecond)
                {
                    switched = true;
                    spliced.Splicer.SwitchTo(1, seamless: false);
                }
            }, primaryLostAt: TsTime.TicksPerSecond);
            Assert.True(slateLog.Length == 0, slateLog);
            Assert.Equal(1, spliced.Splicer.ActiveSource);
            Assert.Equal("", await spliced.DecodeErrorsAsync("source-then-slate.ts"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int SpsLevel(List<byte[]> packets)
    {
        foreach (var packet in packets)
        {
            var offset = TsPacket.PayloadOffset(packet);
            if (TsPacket.Pid(packet) == TsFixtures.VideoPid && TsPacket.StartsUnit(packet) && offset >= 0
                && H264Sps.TryRead(packet.AsSpan(offset), out _, out var level))
            {
                return level;
            }
        }
        throw new InvalidOperationException("no SPS");
    }
}
