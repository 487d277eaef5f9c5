using System.Security.Cryptography;
using System.Text;
using RelayWorker.Configuration;

namespace RelayWorker.Control;

/// <summary>The configured control token: where it comes from, whether it is usable, and the constant-time comparison.</summary>
internal static class ApiToken
{
    /// <summary>The token in force, or null when control is off (neither key set, or the file cannot be read now).</summary>
    public static string? Read(ApiOptions api)
    {
        if (!string.IsNullOrWhiteSpace(api.Token))
        {
            return api.Token.Trim();
        }
        if (string.IsNullOrWhiteSpace(api.TokenFile))
        {
            return null;
        }
        try
        {
            var token = File.ReadAllText(api.TokenFile).Trim();
            return token.Length == 0 ? null : token;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Both sides are hashed first, so neither the content nor the length of the token leaks through timing.</summary>
    public static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    /// <summary>Either key, not both; a file that exists, can be read and holds a token.</summary>
    public static void Validate(ApiOptions api, ConfigurationProblems problems)
    {
        var hasToken = !string.IsNullOrEmpty(api.Token);
        var hasFile = !string.IsNullOrEmpty(api.TokenFile);
        if (hasToken && hasFile)
        {
            problems.Add(ConfigurationProblems.Key("Api", "TokenFile"), "set either Api__Token or Api__TokenFile, not both");
            return;
        }
        if (hasToken && string.IsNullOrWhiteSpace(api.Token))
        {
            problems.Add(ConfigurationProblems.Key("Api", "Token"), "blank; leave it unset to turn the control endpoints off");
        }
        if (!hasFile)
        {
            return;
        }
        if (!File.Exists(api.TokenFile))
        {
            problems.Add(ConfigurationProblems.Key("Api", "TokenFile"), $"'{api.TokenFile}' does not exist");
            return;
        }
        try
        {
            if (File.ReadAllText(api.TokenFile!).Trim().Length == 0)
            {
                problems.Add(ConfigurationProblems.Key("Api", "TokenFile"), $"'{api.TokenFile}' is empty");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(ConfigurationProblems.Key("Api", "TokenFile"), $"'{api.TokenFile}' cannot be read: {e.GetType().Name}");
        }
    }
}
