namespace RelayWorker.Thumbnails;

/// <summary>The <c>Relay__Thumbnails</c> section: a picture of each copy route, off by default (it costs about
/// three quarters of a copy route's own CPU, measured in BENCHMARKS.md).</summary>
public sealed class ThumbnailOptions
{
    public bool Enabled { get; set; }
}
