namespace RelayWorker.Benchmarks.Ladder;

/// <summary>The two designs compared by the ladder benchmark.</summary>
internal static class LadderVariant
{
    /// <summary>One ffmpeg: one decode, split=4, four encodes.</summary>
    public const string Split = "split (1 process)";

    /// <summary>Four ffmpegs, one per rung, each decoding the source.</summary>
    public const string PerRung = "per-rung (4 processes)";
}
