using BenchmarkDotNet.Attributes;
using Leerplatform.Core.Content;
using Leerplatform.Testing;

namespace Leerplatform.Benchmarks;

/// <summary>
/// Cold load + validation + rendering of a whole content tree: what the app does at start-up and on a content
/// reload. Target (issue 2): 200 modules × 6 pages in under 3 s on the 2-core machine.
/// </summary>
[Config(typeof(InProcessConfig))]
public class ContentLoadBenchmarks
{
    private TempDirectory? _generated;

    [GlobalSetup]
    public void Setup()
    {
        _generated = new TempDirectory("leerplatform-bench");
        GeneratedContent.Write(_generated.Path, modules: 200, pagesPerModule: 6);
    }

    [GlobalCleanup]
    public void Cleanup() => _generated?.Dispose();

    [Benchmark(Description = "Load real content/ tree")]
    public int LoadRealContent() => ContentLoader.Load(TestPaths.RealContent).Modules.Count;

    [Benchmark(Description = "Load generated 200 modules x 6 pages")]
    public int LoadGenerated200() => ContentLoader.Load(_generated!.Path).Modules.Count;
}
