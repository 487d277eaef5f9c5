namespace RelayWorker.IntegrationTests.Interop;

/// <summary>gst-launch-1.0 with the pipeline as an argument list: each element and property is one argv entry.</summary>
internal static class GstLaunch
{
    public const string Program = "gst-launch-1.0";

    /// <summary>Debian packages the suite needs; test.sh installs them.</summary>
    public const string RequiredPackages = "gstreamer1.0-tools gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav";

    public static ManagedProcess Start(string name, params string[] pipeline) =>
        ManagedProcess.Start(Program, ["-q", .. pipeline], new ProcessOptions { Name = name });

    /// <summary>As <see cref="Start"/>, printing a line for every buffer that reaches a fakesink (-v, silent=false).</summary>
    public static ManagedProcess StartVerbose(string name, params string[] pipeline) =>
        ManagedProcess.Start(Program, ["-v", .. pipeline], new ProcessOptions { Name = name });
}
