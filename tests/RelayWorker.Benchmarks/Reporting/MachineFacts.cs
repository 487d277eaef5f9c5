using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace RelayWorker.Benchmarks.Reporting;

/// <summary>The header every result carries: when, on what, with which ffmpeg, and how loaded the shared machine was.</summary>
internal static class MachineFacts
{
    public static string Describe()
    {
        // Take the private copy of the worker now, so the build described below is the build measured.
        _ = RepositoryLayout.WorkerSnapshot;
        var lines = new List<string>
        {
            $"date (UTC): {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}",
            $"machine: {Environment.ProcessorCount} cores, {CpuModel()}, {MemoryGiB()} GiB RAM",
            $"kernel: {ReadTrimmed("/proc/sys/kernel/osrelease")}, Debian {ReadTrimmed("/etc/debian_version")}",
            $"ffmpeg: {FfmpegVersion()}",
            $".NET: {RuntimeInformation.FrameworkDescription}",
            $"worker: {RepositoryLayout.Worker} (native) published {File.GetLastWriteTimeUtc(RepositoryLayout.Worker).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC, "
                + $"git {Git("rev-parse --short HEAD")} with {Git("status --porcelain -- src").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length} uncommitted change(s) under src/; run from a private copy",
            $"load average (1/5/15 min) at start: {ProcFs.LoadAverage()}",
        };
        if (RepositoryLayout.Configuration != "Release")
        {
            lines.Add($"WARNING: built in {RepositoryLayout.Configuration}; run with `dotnet run -c Release` for figures worth quoting");
        }
        return string.Join('\n', lines);
    }

    public static string LoadLine() => $"load average (1/5/15 min) now: {ProcFs.LoadAverage()}";

    private static string Git(string arguments)
    {
        try
        {
            var info = new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = RepositoryLayout.Root };
            using var process = Process.Start(info);
            var output = process?.StandardOutput.ReadToEnd().Trim() ?? "";
            process?.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private static string FfmpegVersion()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("ffmpeg", "-hide_banner -version") { RedirectStandardOutput = true, UseShellExecute = false });
            var first = process?.StandardOutput.ReadLine() ?? "unknown";
            process?.StandardOutput.ReadToEnd();
            process?.WaitForExit();
            return first;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not found";
        }
    }

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    private static string MemoryGiB()
    {
        var kib = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return (long.Parse(kib, CultureInfo.InvariantCulture) / 1024.0 / 1024.0).ToString("0", CultureInfo.InvariantCulture);
    }

    private static string ReadTrimmed(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "unknown";
}
