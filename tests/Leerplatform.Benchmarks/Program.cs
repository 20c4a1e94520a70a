using BenchmarkDotNet.Running;
using Leerplatform.Testing;

namespace Leerplatform.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Leerplatform.Benchmarks -- --filter '*'</c> runs the benchmarks;
/// <c>… -- generate &lt;folder&gt; [modules] [pages]</c> writes the synthetic content tree used for cold-start
/// measurements with hyperfine. Results are summarised in docs/performance.md.
/// </summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args)
    {
        if (args is ["generate", var folder, ..])
        {
            var modules = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200;
            var pages = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 6;
            GeneratedContent.Write(folder, modules, pages);
            Console.WriteLine($"Wrote {modules} modules x {pages} pages to {folder}");
            return;
        }

        if (args is ["answer-rtt", ..])
        {
            AnswerRoundTrip.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200).GetAwaiter().GetResult();
            return;
        }

        if (args is ["preview-latency", ..])
        {
            PreviewLatency.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100).GetAwaiter().GetResult();
            return;
        }

        if (args is ["recompute-scale", ..])
        {
            RecomputeAtScale.RunAsync(
                args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000,
                args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200).GetAwaiter().GetResult();
            return;
        }

        if (args is ["xapi-ingest", ..])
        {
            XapiAtScale.IngestAsync(
                args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20,
                args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 4).GetAwaiter().GetResult();
            return;
        }

        if (args is ["xapi-export", ..])
        {
            XapiAtScale.ExportAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000).GetAwaiter().GetResult();
            return;
        }

        if (args is ["reports", ..])
        {
            ReportsAtScale.RunAsync(
                args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5_000,
                args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20).GetAwaiter().GetResult();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }
}
