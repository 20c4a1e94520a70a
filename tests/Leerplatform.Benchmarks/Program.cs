using BenchmarkDotNet.Running;

namespace Leerplatform.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Leerplatform.Benchmarks -- --filter '*'</c>. Results go to
/// BenchmarkDotNet.Artifacts/ and are summarised in docs/performance.md.
/// </summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
