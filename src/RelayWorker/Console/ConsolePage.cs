using System.Globalization;
using System.Net;
using System.Text;
using RelayWorker.Api;
using RelayWorker.Status;

namespace RelayWorker.Console;

/// <summary>
/// Renders the status page on the server, from the same DTOs as /api/routes (so the same redaction): the table is
/// complete without JavaScript, and the script then keeps it live. The markup mirrors what console.js renders.
/// </summary>
internal static class ConsolePage
{
    private static readonly Lazy<string> Template = new(() => ConsoleAssets.Text("index.html"));

    public static string Render(IReadOnlyList<RouteSnapshot> routes, DateTimeOffset now)
    {
        var dtos = routes.Select(r => RouteStatusDto.From(r, now)).ToList();
        var rows = new StringBuilder();
        foreach (var route in dtos)
        {
            Row(rows, route);
        }
        var generated = now.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        return Template.Value
            .Replace("{{rows}}", rows.ToString(), StringComparison.Ordinal)
            .Replace("{{summary}}", Summary(dtos), StringComparison.Ordinal)
            .Replace("{{generated}}", generated, StringComparison.Ordinal)
            .Replace("{{emptyHidden}}", dtos.Count == 0 ? "" : "hidden", StringComparison.Ordinal);
    }

    /// <summary>"3 routes · 2 streaming · 1 not streaming"; the script writes the same.</summary>
    private static string Summary(List<RouteStatusDto> routes)
    {
        var streaming = routes.Count(r => r.Streaming);
        var disabled = routes.Count(r => r.State == RouteState.Disabled);
        var problems = routes.Count - streaming - disabled;
        return Invariant($"<b>{routes.Count}</b> routes · <b>{streaming}</b> streaming")
            + (problems > 0 ? Invariant($" · <b class=\"bad\">{problems}</b> not streaming") : "")
            + (disabled > 0 ? Invariant($" · {disabled} disabled") : "");
    }

    private static void Row(StringBuilder html, RouteStatusDto r)
    {
        var state = r.State.ToString();
        html.Append(Invariant($"<tr class=\"route\" data-route=\"{E(r.Name)}\" data-state=\"{state}\" data-restarts=\"{r.Restarts}\">"));
        html.Append("<td class=\"c-route\"><span class=\"name\">").Append(E(r.Name)).Append("</span><span class=\"sub\">").Append(E(r.Profile)).Append("</span></td>");
        html.Append("<td class=\"c-state\"><span class=\"badge s-").Append(state.ToLowerInvariant()).Append("\">").Append(state).Append("</span>");
        if (r.StateReason is { } reason)
        {
            html.Append("<span class=\"sub\">").Append(E(reason)).Append("</span>");
        }
        html.Append("</td>");
        html.Append("<td class=\"c-source\">");
        SourceCell(html, r);
        html.Append("</td>");
        html.Append("<td class=\"c-dest\"><ul class=\"dests\">");
        for (var i = 0; i < r.Destinations.Count; i++)
        {
            var view = i < r.DestinationStatus.Count ? r.DestinationStatus[i] : null;
            var destState = view?.State.ToString() ?? "Disabled";
            var why = view is { Cause: { } cause } ? Invariant($"{cause} ×{view.Failures}") : null;
            html.Append("<li class=\"dest d-").Append(destState.ToLowerInvariant()).Append("\" title=\"").Append(E(view?.LastError ?? destState)).Append("\">")
                .Append("<span class=\"dot\"></span><span class=\"idx\">").Append(i.ToString(CultureInfo.InvariantCulture)).Append("</span>")
                .Append("<span class=\"url\">").Append(E(r.Destinations[i])).Append("</span>")
                .Append("<span class=\"dstate\">").Append(destState).Append(why is null ? "" : " · " + E(why)).Append("</span></li>");
        }
        html.Append("</ul></td>");
        var p = r.Progress;
        Number(html, Duration(r.UptimeSeconds));
        Number(html, r.Streaming && p?.Fps is { } fps ? fps.ToString("0.#", CultureInfo.InvariantCulture) : "–");
        Number(html, r.Streaming && p?.BitrateKbps is { } kbps ? kbps.ToString("0", CultureInfo.InvariantCulture) : "–");
        Number(html, r.Streaming && p?.Speed is { } speed ? speed.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "–");
        html.Append("<td class=\"c-restarts\"><b>").Append(r.Restarts.ToString(CultureInfo.InvariantCulture)).Append("</b>");
        var reasons = string.Join(" · ", r.RestartsByReason.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => Invariant($"{kv.Key} {kv.Value}")));
        if (reasons.Length > 0)
        {
            html.Append("<span class=\"sub\">").Append(E(reasons)).Append("</span>");
        }
        html.Append("</td>");
        html.Append("<td class=\"c-error\"><span class=\"err\" title=\"").Append(E(r.LastError ?? "")).Append("\">").Append(E(r.LastError ?? "")).Append("</span></td>");
        html.Append("</tr>\n");
    }

    /// <summary>
    /// The configured source; for a continuous route, a badge naming the input on air (coloured by kind, so a route
    /// on a backup or its slate stands out in a long table) above the URL that input reads.
    /// </summary>
    private static void SourceCell(StringBuilder html, RouteStatusDto r)
    {
        var url = r.Source;
        if (r.Continuous == true)
        {
            var active = r.ActiveSource;
            url = r.Sources?.FirstOrDefault(s => s.Name == active)?.Input ?? r.Source;
            html.Append("<span class=\"src src-").Append(SourceKind(active)).Append("\" data-active-source=\"").Append(E(active ?? ""))
                .Append("\" title=\"input on air\">").Append(E(active ?? "no input yet")).Append("</span>");
        }
        html.Append("<span class=\"url\" title=\"").Append(E(url)).Append("\">").Append(E(url)).Append("</span>");
    }

    /// <summary>none, primary, backup or slate: the badge's colour. The script decides the same way.</summary>
    private static string SourceKind(string? active) => active switch
    {
        null => "none",
        SourceView.SlateName => "slate",
        ContinuitySources.PrimaryName => "primary",
        _ => "backup",
    };

    private static void Number(StringBuilder html, string text) => html.Append("<td class=\"c-num\">").Append(text).Append("</td>");

    /// <summary>1:02:03 or 2:03; "–" for nothing. The script formats the same way.</summary>
    public static string Duration(double seconds)
    {
        if (seconds <= 0)
        {
            return "–";
        }
        var t = TimeSpan.FromSeconds(Math.Floor(seconds));
        return t.TotalHours >= 1
            ? Invariant($"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
            : Invariant($"{t.Minutes}:{t.Seconds:00}");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
