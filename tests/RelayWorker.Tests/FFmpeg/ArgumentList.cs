namespace RelayWorker.Tests.FFmpeg;

/// <summary>Assertions over an ffmpeg argv: options are pairs of adjacent elements.</summary>
internal static class ArgumentList
{
    public static int IndexOf(IReadOnlyList<string> args, string element, int from = 0)
    {
        for (var i = from; i < args.Count; i++)
        {
            if (args[i] == element)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Index of the first <c>-i</c>: everything before it configures the input.</summary>
    public static int InputIndex(IReadOnlyList<string> args)
    {
        var input = IndexOf(args, "-i");
        Assert.True(input >= 0, "no -i in " + string.Join(' ', args));
        return input;
    }

    /// <summary>The value of an option that must occur exactly once.</summary>
    public static string ValueOf(IReadOnlyList<string> args, string option)
    {
        var at = IndexOf(args, option);
        Assert.True(at >= 0, $"{option} missing in {string.Join(' ', args)}");
        Assert.True(IndexOf(args, option, at + 1) < 0, $"{option} occurs more than once in {string.Join(' ', args)}");
        return args[at + 1];
    }

    /// <summary>Asserts <c>option value</c> occurs as adjacent elements between the two indices.</summary>
    public static void HasPair(IReadOnlyList<string> args, string option, string value, int from = 0, int to = int.MaxValue)
    {
        for (var i = from; i < Math.Min(args.Count - 1, to); i++)
        {
            if (args[i] == option && args[i + 1] == value)
            {
                return;
            }
        }
        Assert.Fail($"'{option} {value}' not found in [{from}, {to}) of: {string.Join(' ', args)}");
    }
}
