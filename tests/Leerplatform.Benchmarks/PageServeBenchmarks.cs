using BenchmarkDotNet.Attributes;
using Leerplatform.Core.Content;
using Leerplatform.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Leerplatform.Benchmarks;

/// <summary>
/// Serving a page from the loaded (cached) library. "Lookup" is the content part of a request: find the module
/// and page and take its pre-rendered HTML. "Http GET" is a whole prerendered reader page through the real
/// middleware pipeline and Blazor's server renderer, in process (no sockets), as an anonymous reader.
/// Target (issue 2): well under 1 ms of server CPU per cached page, no Markdig on the hot path.
/// </summary>
[Config(typeof(InProcessConfig))]
public class PageServeBenchmarks
{
    private TempDirectory? _temp;
    private WebApplicationFactory<Program>? _factory;
    private HttpClient? _client;
    private ContentLibrary? _library;
    private string _pageUrl = string.Empty;
    private string _moduleId = string.Empty;
    private string _pageId = string.Empty;
    private string _regionalHtml = string.Empty;

    // Synchronous on purpose: the in-process toolchain does not await an async [GlobalSetup].
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _temp = new TempDirectory("leerplatform-bench");
        _factory = RealApp.InMemory(_temp, TestPaths.RealContent);
        _client = _factory.CreateClient();
        _library = _factory.Services.GetRequiredService<Leerplatform.Web.Services.ContentCatalog>().Current;
        var module = _library.Modules[0];
        _moduleId = module.Id;
        _pageId = module.Pages[1].Id;
        _pageUrl = ContentRoutes.Page(_moduleId, _pageId);
        // The page of the real content with the most regional passages (issue 7).
        _regionalHtml = _library.Modules.SelectMany(m => m.Pages).Select(p => p.Html)
            .OrderByDescending(h => h.Split("<!--lp-regio:").Length).First();
        (await _client.GetAsync(_pageUrl)).EnsureSuccessStatusCode();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client?.Dispose();
        _factory?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp?.Dispose();
    }

    [Benchmark(Description = "Lookup cached page HTML")]
    public int Lookup() => _library!.FindModule(_moduleId)!.FindPage(_pageId)!.Html.Length;

    [Benchmark(Description = "Keep one region's passages of a cached page (issue 7)")]
    public int RegionFilter() => Leerplatform.Core.Content.Markdown.RegionText.ForRegion(_regionalHtml, "vl").Length;

    [Benchmark(Description = "Http GET reader page (prerendered)")]
    public async Task<int> HttpGet()
    {
        using var response = await _client!.GetAsync(_pageUrl);
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }
}
