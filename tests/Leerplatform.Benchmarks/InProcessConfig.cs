using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Leerplatform.Benchmarks;

/// <summary>
/// Benchmarks run in process: the project is a self-contained net9.0 app on a machine with only the .NET 10
/// runtime, so BenchmarkDotNet's default "generate and build a child project" toolchain cannot start it.
/// </summary>
public sealed class InProcessConfig : ManualConfig
{
    public InProcessConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithId("InProcess"));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
