namespace Leerplatform.Core.Assessment;

/// <summary>A node placed on the case graph: its column is its distance in decisions from the start.</summary>
public sealed record PlacedNode(string Id, int Column, int Row, bool IsEnding, bool Reachable);

/// <summary>An arrow from a node to the node a choice or an automatic route leads to.</summary>
public sealed record GraphEdge(string From, string To, string Label, bool Automatic);

public sealed record ScenarioGraphLayout(IReadOnlyList<PlacedNode> Nodes, IReadOnlyList<GraphEdge> Edges, int Columns, int Rows);

/// <summary>
/// Lays a branching case out left to right by breadth-first distance from the start node, so an author sees at a
/// glance where paths split and meet. Nodes no path reaches go in a last column and are marked.
/// </summary>
public static class ScenarioLayout
{
    public static ScenarioGraphLayout Compute(Scenario scenario)
    {
        var edges = scenario.Nodes.SelectMany(n =>
                n.Choices.Select(c => new GraphEdge(n.Id, c.TargetNodeId, c.Text, false))
                    .Concat(n.Routes.Select(r => new GraphEdge(n.Id, r.TargetNodeId, string.Empty, true))))
            .Where(e => scenario.FindNode(e.To) is not null)
            .ToList();
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        if (scenario.FindNode(scenario.StartNodeId) is not null)
        {
            depth[scenario.StartNodeId] = 0;
            queue.Enqueue(scenario.StartNodeId);
        }

        while (queue.TryDequeue(out var id))
        {
            foreach (var edge in edges.Where(e => e.From == id && !depth.ContainsKey(e.To)))
            {
                depth[edge.To] = depth[id] + 1;
                queue.Enqueue(edge.To);
            }
        }

        var unreachableColumn = depth.Count == 0 ? 0 : depth.Values.Max() + 1;
        var rows = new Dictionary<int, int>();
        var nodes = new List<PlacedNode>();
        foreach (var node in scenario.Nodes)
        {
            var reachable = depth.TryGetValue(node.Id, out var column);
            column = reachable ? column : unreachableColumn;
            var row = rows.GetValueOrDefault(column);
            rows[column] = row + 1;
            nodes.Add(new PlacedNode(node.Id, column, row, node.IsEnding, reachable));
        }

        return new ScenarioGraphLayout(nodes, edges, nodes.Count == 0 ? 0 : nodes.Max(n => n.Column) + 1, rows.Count == 0 ? 0 : rows.Values.Max());
    }
}
