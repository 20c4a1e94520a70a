using Leerplatform.LoadTests;

// Usage: Leerplatform.LoadTests [--target http://127.0.0.1:5080] [--app leerplatform|template] [--mode active|idle]
//        [--circuits N] [--users K] [--duration s] [--warmup s] [--think-ms ms] [--open-concurrency n]
//        [--cookie-cache file] [--json file]. See README, "Load test".
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var report = await new LoadRun(options, Console.Out).RunAsync();
Console.WriteLine(report.ToText());
return report.Healthy ? 0 : 1;
