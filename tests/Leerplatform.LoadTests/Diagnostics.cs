using System.Text.Json;

namespace Leerplatform.LoadTests;

/// <summary>One reading of the server's <c>/_diagnostics/load</c> endpoint (see LoadDiagnostics in the Web app).</summary>
public sealed record ServerSample(long RssBytes, long ManagedBytes, long CpuMs, long GcPauseMs, int Gen0, int Gen1, int Gen2, long CircuitsOpen, IReadOnlyDictionary<string, long> Counts)
{
    public static async Task<ServerSample?> ReadAsync(HttpClient http, Uri baseUri, bool fullGc, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(new Uri(baseUri, "_diagnostics/load" + (fullGc ? "?gc=true" : string.Empty)), cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        using var _ = response;
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var root = json.RootElement;
        var counts = new Dictionary<string, long>();
        if (root.TryGetProperty("counts", out var c))
        {
            foreach (var property in c.EnumerateObject())
            {
                counts[property.Name] = property.Value.GetInt64();
            }
        }

        return new ServerSample(root.GetProperty("rssBytes").GetInt64(), root.GetProperty("managedBytes").GetInt64(), root.GetProperty("cpuMs").GetInt64(),
            root.GetProperty("gcPauseMs").GetInt64(), root.GetProperty("gen0").GetInt32(), root.GetProperty("gen1").GetInt32(), root.GetProperty("gen2").GetInt32(),
            root.GetProperty("circuitsOpen").GetInt64(), counts);
    }

    public long Count(string name) => Counts.GetValueOrDefault(name);
}
