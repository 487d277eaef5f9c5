using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace RelayWorker.Tests.Deployment;

public sealed class GrafanaDashboardTests
{
    private static readonly JsonObject Dashboard =
        JsonNode.Parse(RepositoryRoot.ReadAllText("docker", "grafana", "dashboards", "relay-worker.json"))!.AsObject();

    [Fact]
    public void Dashboard_EveryQuery_NamesOnlyExportedMetrics()
    {
        var queries = Queries().ToList();

        Assert.NotEmpty(queries);
        Assert.All(queries, ExportedMetrics.AssertOnlyExported);
    }

    [Fact]
    public void Dashboard_Panels_ShowUpFpsBitrateAndRestartsByReason()
    {
        var queries = Queries().ToList();

        Assert.Contains(queries, query => query.Contains("relay_route_up", StringComparison.Ordinal));
        Assert.Contains(queries, query => query.Contains("relay_route_fps", StringComparison.Ordinal));
        Assert.Contains(queries, query => query.Contains("rate(relay_route_output_bytes_total", StringComparison.Ordinal) && query.EndsWith("* 8", StringComparison.Ordinal));
        Assert.Contains(queries, query => query.Contains("relay_route_restarts_total", StringComparison.Ordinal) && query.Contains("reason", StringComparison.Ordinal));
    }

    [Fact]
    public void Dashboard_Datasources_AreTheProvisionedPrometheus()
    {
        var provisioned = YamlDocument.Load("docker", "grafana", "provisioning", "datasources", "prometheus.yml").Sequence("datasources");
        var uid = ((YamlMappingNode)Assert.Single(provisioned)).Scalar("uid");

        var references = Descendants(Dashboard).OfType<JsonObject>()
            .Where(node => node["datasource"] is JsonObject)
            .Select(node => (string?)node["datasource"]!["uid"])
            .ToList();

        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.Equal(uid, reference));
    }

    [Fact]
    public void DashboardProvider_Path_IsWhereComposeMountsTheDashboards()
    {
        var provider = (YamlMappingNode)Assert.Single(
            YamlDocument.Load("docker", "grafana", "provisioning", "dashboards", "relay-worker.yml").Sequence("providers"));
        var grafanaVolumes = YamlDocument.Load("docker-compose.yml").Mapping("services").Mapping("grafana").Sequence("volumes")
            .Select(node => node.ToString());

        Assert.Contains($"./docker/grafana/dashboards:{provider.Mapping("options").Scalar("path")}:ro", grafanaVolumes);
    }

    // Panel targets (nested rows included) and template-variable queries, wherever they sit in the JSON.
    private static IEnumerable<string> Queries()
    {
        foreach (var node in Descendants(Dashboard).OfType<JsonObject>())
        {
            if (node["expr"] is JsonValue expr)
            {
                yield return expr.GetValue<string>();
            }
            if (node["type"]?.GetValue<string>() == "query" && node["query"] is JsonNode query)
            {
                yield return query is JsonObject inner ? inner["query"]!.GetValue<string>() : query.GetValue<string>();
            }
        }
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject obj => obj.Select(pair => pair.Value),
            JsonArray array => array.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }
}
