using RelayWorker.Configuration;
using RelayWorker.Redaction;

namespace RelayWorker.Tests.Redaction;

public sealed class KnownSecretsTests
{
    [Fact]
    public void From_Options_CollectsEverySecretKind()
    {
        var options = Options(
            source: "rtmp://alice:pw-s3cret@src:1935/live/cam1",
            "srt://sink:8890?passphrase=long-enough-pass&streamid=publish:cam1:bobby:sid-pass",
            "rtmp://a.rtmp.youtube.com/live2/abcd-efgh",
            "https://cdn.example/ingest?token=tok-9999");

        var secrets = KnownSecrets.From(options);

        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal) { "alice", "pw-s3cret", "long-enough-pass", "bobby", "sid-pass", "abcd-efgh", "tok-9999" },
            new HashSet<string>(secrets, StringComparer.Ordinal));
    }

    [Fact]
    public void From_Options_LeavesOrdinaryWordsAlone()
    {
        var options = Options(
            source: "rtmp://ab:cd@src:1935/live/cam1",
            "srt://sink:8890?streamid=publish:cam1:bob:pw1",
            "rtmp://mediamtx:1935/live/key",
            "srt://sink:8890?pkt_size=1316&latency=200");

        var secrets = KnownSecrets.From(options);

        // Shorter than 4 characters (ab, cd, bob, pw1, key), or not secret at all (live, cam1, publish, 1316, the source's stream name).
        Assert.Empty(secrets);
    }

    [Fact]
    public void From_AccessControlStreamId_CollectsUserAndSession()
    {
        var options = Options(source: "srt://src:8890?streamid=%23!::r=cam1,m=request,u=alice,s=tok123", "srt://sink:8890");

        var secrets = KnownSecrets.From(options);

        Assert.Contains("alice", secrets);
        Assert.Contains("tok123", secrets);
        Assert.DoesNotContain("cam1", secrets);
        Assert.DoesNotContain("request", secrets);
    }

    [Fact]
    public void From_RawAccessControlStreamId_CollectsUserSessionAndPassphrase()
    {
        // MediaMTX documents streamid=#!::… unencoded; System.Uri reads everything after '#' as a fragment.
        var options = Options(source: "srt://src:8890?streamid=#!::r=cam1,m=request,u=alice,s=tok123&passphrase=raw-hash-passphrase", "srt://sink:8890");

        var secrets = KnownSecrets.From(options);

        Assert.Contains("alice", secrets);
        Assert.Contains("tok123", secrets);
        Assert.Contains("raw-hash-passphrase", secrets);
    }

    [Fact]
    public void From_SecretNeedingEscapes_AlsoListsItsUrlEncodedForm()
    {
        var options = Options(source: "rtmp://alice:p%40ss%2Fw0rd%21@src/live/cam1", "srt://sink:8890");

        var secrets = KnownSecrets.From(options);

        Assert.Contains("p@ss/w0rd!", secrets);
        Assert.Contains("p%40ss%2Fw0rd%21", secrets);
        Assert.Equal("login with *** failed; *** rejected", SecretRedactor.RedactText("login with p%40ss%2Fw0rd%21 failed; p@ss/w0rd! rejected", secrets));
    }

    [Fact]
    public void From_Secrets_AreOrderedLongestFirstSoNestedSecretsAreMaskedWhole()
    {
        var options = Options(source: "srt://src:8890?passphrase=secret-12345-longer&pass=secret-12345", "srt://sink:8890");

        var secrets = KnownSecrets.From(options);

        Assert.Equal(secrets.OrderByDescending(s => s.Length).Select(s => s.Length), secrets.Select(s => s.Length));
        Assert.Equal("bad ***", SecretRedactor.RedactText("bad secret-12345-longer", secrets));
    }

    internal static RelayOptions Options(string source, params string[] destinations)
    {
        var route = new RouteOptions { Source = source };
        route.Destinations.AddRange(destinations);
        var options = new RelayOptions();
        options.Routes["cam1"] = route;
        return options;
    }
}
