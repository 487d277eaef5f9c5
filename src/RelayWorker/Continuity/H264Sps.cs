namespace RelayWorker.Continuity;

/// <summary>profile_idc and level_idc: the first bytes of an H.264 sequence parameter set, not entropy-coded.</summary>
internal static class H264Sps
{
    /// <summary>Finds an SPS NAL unit (type 7) in Annex B data and reads its profile and level.</summary>
    public static bool TryRead(ReadOnlySpan<byte> annexB, out int profileIdc, out int levelIdc)
    {
        profileIdc = levelIdc = 0;
        for (var i = 0; i + 6 < annexB.Length; i++)
        {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1 && (annexB[i + 3] & 0x1F) == 7)
            {
                profileIdc = annexB[i + 4];
                levelIdc = annexB[i + 6];
                return true;
            }
        }
        return false;
    }

    /// <summary>x264's spelling of a level: 31 is "3.1", 40 is "4.0".</summary>
    public static string LevelName(int levelIdc) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{levelIdc / 10}.{levelIdc % 10}");
}
