using System.Text.RegularExpressions;

namespace RelayWorker;

/// <summary>Turns Kestrel's "address already in use" failure into one line naming the address, the port and the setting.</summary>
internal static partial class HttpBindFailure
{
    // Kestrel: "Failed to bind to address http://127.0.0.1:8080: address already in use."
    [GeneratedRegex(@"Failed to bind to address (?<address>\S+?): address already in use", RegexOptions.IgnoreCase)]
    private static partial Regex AddressInUse();

    public static string? Describe(IOException exception)
    {
        var match = AddressInUse().Match(exception.Message);
        if (!match.Success)
        {
            return null;
        }
        var address = match.Groups["address"].Value;
        var port = Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
        return $"Cannot serve HTTP on {address}: port {port} is already in use by another process. "
            + "Choose another address with ASPNETCORE_URLS or --urls (run.sh: RELAY_URLS), e.g. http://0.0.0.0:8081";
    }
}
