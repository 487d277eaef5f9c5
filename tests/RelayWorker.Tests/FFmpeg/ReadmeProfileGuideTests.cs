using System.Globalization;
using RelayWorker.Media;
using RelayWorker.Tests.Deployment;

namespace RelayWorker.Tests.FFmpeg;

/// <summary>The README's "Choosing a profile" table is what users pick from; it must describe the catalog's rungs.</summary>
public sealed class ReadmeProfileGuideTests
{
    [Fact]
    public void ChoosingAProfile_Table_ListsEveryRungWithItsSizeAndRates()
    {
        var readme = RepositoryRoot.ReadAllText("README.md");
        var start = readme.IndexOf("#### Choosing a profile", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no 'Choosing a profile' section");
        var rows = readme[start..].Split('\n')
            .SkipWhile(line => !line.StartsWith("| profile ", StringComparison.Ordinal))
            .Skip(2)
            .TakeWhile(line => line.StartsWith('|'))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries)[1..^1])
            .ToList();

        Assert.Equal(ProfileCatalog.Ladder.Select(p => $"`{p.Name}`"), rows.Select(cells => cells[0]));
        foreach (var (profile, cells) in ProfileCatalog.Ladder.Zip(rows))
        {
            Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{profile.Width}x{profile.Height}"), cells[1]);
            Assert.Equal(profile.Fps.ToString(CultureInfo.InvariantCulture), cells[2]);
            var mono = profile.AudioKbps < 24 ? " mono" : "";
            Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{profile.VideoKbps} / {profile.AudioKbps}{mono}"), cells[3]);
            // Measured figures: the encoded streams carry at least the video rate, and the wire at least the streams.
            var measured = double.Parse(cells[4], CultureInfo.InvariantCulture);
            var wire = double.Parse(cells[5], CultureInfo.InvariantCulture);
            Assert.InRange(measured, profile.VideoKbps, profile.VideoKbps + (2 * profile.AudioKbps));
            Assert.True(wire >= measured, $"{profile.Name}: on the wire {wire} below the streams {measured}");
            Assert.NotEmpty(cells[7]);
        }
    }
}
