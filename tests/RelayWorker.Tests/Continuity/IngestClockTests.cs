using RelayWorker.Continuity;

namespace RelayWorker.Tests.Continuity;

/// <summary>Which of an ingest ffmpeg's "Non-monotonous DTS" lines mean its source's clock went back.</summary>
public sealed class IngestClockTests
{
    [Theory]
    // A publisher back into a held session: the new clock starts 8 s behind the old one.
    [InlineData("[mpegts @ 0x55d1] Non-monotonous DTS in output stream 0:0; previous: 1461600, current: 741600; changing to 1461601. This may result in incorrect timestamps in the output file.", true)]
    [InlineData("Non-monotonous DTS in output stream 0:1; previous: 190000, current: 100000; changing to 190001.", true)]
    // ffmpeg 7's wording.
    [InlineData("[mpegts @ 0x55d1] Non-monotonic DTS; previous: 1461600, current: 741600; changing to 1461601. This may result in incorrect timestamps in the output file.", true)]
    // A sloppy source: a frame back, or a repeated timestamp; ffmpeg's one-tick repair is harmless.
    [InlineData("[mpegts @ 0x55d1] Non-monotonous DTS in output stream 0:0; previous: 341765, current: 341763; changing to 341766. This may result in incorrect timestamps in the output file.", false)]
    [InlineData("Non-monotonous DTS in output stream 0:0; previous: 93600, current: 90000; changing to 93601.", false)]
    [InlineData("Non-monotonous DTS in output stream 0:0; previous: 90000, current: 90000; changing to 90001.", false)]
    // Anything else.
    [InlineData("[flv @ 0x55d1] Packet mismatch 12345 11 11", false)]
    [InlineData("Non-monotonous DTS in output stream 0:0; previous: garbage", false)]
    public void ClockWentBack_ByASecondOrMore_OnlyThen(string line, bool expected) =>
        Assert.Equal(expected, ContinuousInput.ClockWentBack(line));
}
