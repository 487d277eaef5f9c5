using Microsoft.Extensions.Configuration;
using RelayWorker.Configuration;

namespace RelayWorker.Tests.Configuration;

public sealed class SettingsFileErrorsTests
{
    [Fact]
    public void Describe_TheJsonProvidersOwnFailure_NamesTheFileLineAndPosition()
    {
        var file = Path.Combine(Path.GetTempPath(), $"relay-settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, "{\n  \"Relay\": {\n    \"StallTimeout\": \"00:00:20\",,\n  }\n}");
        try
        {
            var failure = Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().AddJsonFile(file).Build());

            var text = SettingsFileErrors.Describe(failure);

            Assert.StartsWith($"Settings file {file} cannot be read: line 3, position ", text, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
