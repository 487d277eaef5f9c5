namespace RelayWorker.Tests.Deployment;

// The dashboard and alert checks are only as good as this extraction, so it has its own table.
public sealed class PromQlMetricNamesTests
{
    [Theory]
    [InlineData("relay_route_up", "relay_route_up")]
    [InlineData("relay_route_up{route=~\"$route\"} == 0", "relay_route_up")]
    [InlineData("sum by (route) (rate(relay_route_output_bytes_total{route=~\"$route\"}[1m])) * 8", "relay_route_output_bytes_total")]
    [InlineData("sum by (job, route, reason) (increase(relay_route_restarts_total[$__rate_interval])) > 5", "relay_route_restarts_total")]
    [InlineData("max(relay_routes{kind=\"configured\"}) - ignoring(kind) sum(relay_routes{kind=\"owned\"})", "relay_routes")]
    [InlineData("relay_route_fps / on(route) group_left(instance) relay_route_speed offset 5m", "relay_route_fps,relay_route_speed")]
    [InlineData("histogram_quantile(0.9, rate(http_request_duration_seconds_bucket[5m])) > 1e3", "http_request_duration_seconds_bucket")]
    [InlineData("label_values(relay_route_up, route)", "relay_route_up")]
    [InlineData("label_values(relay_destination_up{route=\"a\"}, destination)", "relay_destination_up")]
    public void Of_Expression_ReturnsTheSelectedMetrics(string expression, string expected)
    {
        Assert.Equal(expected.Split(',').Order(StringComparer.Ordinal), PromQlMetricNames.Of(expression).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AssertOnlyExported_UnknownMetric_Fails()
    {
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => ExportedMetrics.AssertOnlyExported("rate(relay_route_bytes_total[1m])"));
    }
}
