using Leerplatform.Core.Assessment;

namespace Leerplatform.Tests.Workspace;

public sealed class ScenarioLayoutTests
{
    private static readonly SourceLocation At = new("x.md", 1, 1);

    private static ScenarioNode Node(string id, params string[] targets) =>
        new(id, string.Empty, targets.Select((t, i) => new Choice($"{id}-{i}", t, $"naar {t}", t, null, [], null, At)).ToList(), [], targets.Length == 0, null, false, At);

    [Fact]
    public void NodesAreColumnsByDistanceFromTheStartAndUnreachableNodesGoLast()
    {
        var scenario = new Scenario("s", null, "begin", false, [],
            [Node("begin", "a", "b"), Node("a", "slot"), Node("b", "slot"), Node("slot"), Node("wees", "slot")], At);

        var layout = ScenarioLayout.Compute(scenario);

        var columns = layout.Nodes.ToDictionary(n => n.Id, n => n.Column);
        Assert.Equal(0, columns["begin"]);
        Assert.Equal(1, columns["a"]);
        Assert.Equal(1, columns["b"]);
        Assert.Equal(2, columns["slot"]);
        Assert.Equal(3, columns["wees"]);
        Assert.False(layout.Nodes.Single(n => n.Id == "wees").Reachable);
        Assert.Equal([0, 1], layout.Nodes.Where(n => n.Column == 1).Select(n => n.Row));
        Assert.Equal(5, layout.Edges.Count);
        Assert.Equal(4, layout.Columns);
        Assert.Equal(2, layout.Rows);
    }
}
