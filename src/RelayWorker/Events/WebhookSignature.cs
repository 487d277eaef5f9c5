using System.Security.Cryptography;
using System.Text;

namespace RelayWorker.Events;

/// <summary>The signature of a webhook body: <c>X-Relay-Signature: sha256=&lt;hex HMAC-SHA256 of the body bytes&gt;</c>.</summary>
internal static class WebhookSignature
{
    public const string Header = "X-Relay-Signature";

    public static string Of(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
