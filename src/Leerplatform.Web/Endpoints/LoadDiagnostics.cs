using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Leerplatform.Web.Endpoints;

/// <summary>
/// Process figures for the load test (<c>tests/Leerplatform.LoadTests</c>): resident memory, managed heap, CPU time,
/// GC counts and open circuits, plus record counts the host adds. Off unless <c>Leerplatform:Diagnostics:Enabled</c>
/// is true; even then only mapped for loopback callers, because it exposes process internals. Kept free of other
/// Leerplatform types so the template baseline app (<c>tests/Leerplatform.LoadTests.TemplateFixture</c>) links this
/// very file and reports exactly the same figures.
/// </summary>
public static class LoadDiagnostics
{
    public const string SettingKey = "Leerplatform:Diagnostics:Enabled";

    public const string Path = "/_diagnostics/load";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>(SettingKey);

    /// <summary>Registers the circuit counter; call only when <see cref="IsEnabled"/>.</summary>
    public static IServiceCollection AddLoadDiagnostics(this IServiceCollection services)
    {
        services.AddSingleton<CircuitCounter>();
        services.AddSingleton<CircuitHandler>(sp => sp.GetRequiredService<CircuitCounter>());
        return services;
    }

    /// <summary>
    /// <c>GET /_diagnostics/load[?gc=true]</c>. With <c>gc=true</c> a blocking, compacting full collection runs
    /// first, so the managed figure is live data only (what a circuit really holds).
    /// </summary>
    public static IEndpointRouteBuilder MapLoadDiagnostics(this IEndpointRouteBuilder endpoints,
        Func<IServiceProvider, CancellationToken, Task<IReadOnlyDictionary<string, long>>>? counts = null)
    {
        endpoints.MapGet(Path, async (HttpContext http, CircuitCounter circuits, CancellationToken cancellationToken) =>
        {
            if (http.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
            {
                return Results.NotFound();
            }

            if (http.Request.Query["gc"] == "true")
            {
                System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            }

            using var process = Process.GetCurrentProcess();
            var info = GC.GetGCMemoryInfo();
            var result = new Dictionary<string, object>
            {
                ["rssBytes"] = process.WorkingSet64,
                ["managedBytes"] = GC.GetTotalMemory(forceFullCollection: false),
                ["heapSizeBytes"] = info.HeapSizeBytes,
                ["cpuMs"] = (long)process.TotalProcessorTime.TotalMilliseconds,
                ["gen0"] = GC.CollectionCount(0),
                ["gen1"] = GC.CollectionCount(1),
                ["gen2"] = GC.CollectionCount(2),
                ["gcPauseMs"] = (long)GC.GetTotalPauseDuration().TotalMilliseconds,
                ["serverGc"] = System.Runtime.GCSettings.IsServerGC,
                ["processors"] = Environment.ProcessorCount,
                ["circuitsOpen"] = circuits.Open,
                ["threadPoolThreads"] = ThreadPool.ThreadCount,
                ["threadPoolQueued"] = ThreadPool.PendingWorkItemCount,
            };
            if (counts is not null)
            {
                result["counts"] = await counts(http.RequestServices, cancellationToken);
            }

            return Results.Json(result);
        });
        return endpoints;
    }

    /// <summary>Counts open circuits (connected or not yet disposed).</summary>
    public sealed class CircuitCounter : CircuitHandler
    {
        private long _open;

        public long Open => Interlocked.Read(ref _open);

        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _open);
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Decrement(ref _open);
            return Task.CompletedTask;
        }
    }
}
