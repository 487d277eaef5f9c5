using System.Collections;
using RelayWorker.Demo;

namespace RelayWorker.Tests.Demo;

public sealed class LookalikeEnvironmentKeysTests
{
    [Fact]
    public void Find_MisspeltRelayKeys_NamesThemAndNothingElse()
    {
        var environment = new Hashtable
        {
            ["Relay_Routes__cam1__Source"] = "rtmp://secret@host/x",
            ["Relays__Routes__cam2__Source"] = "x",
            ["Rely__StallTimeout"] = "00:00:05",
            ["Relay__Routes__cam3__Source"] = "fine",
            ["relay__routes__cam4__source"] = "fine too: configuration keys ignore case",
            ["RELAY_URLS"] = "run.sh's own variable, not a configuration key",
            ["PATH"] = "/usr/bin",
        };

        Assert.Equal(["Relay_Routes__cam1__Source", "Relays__Routes__cam2__Source", "Rely__StallTimeout"], LookalikeEnvironmentKeys.Find(environment));
    }
}
