using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Leerplatform.LoadTests;

/// <summary>The figures of one run (see README, "Load test", for what each means).</summary>
public sealed class LoadReport
{
    public string App { get; init; } = string.Empty;
    public string Mode { get; init; } = string.Empty;
    public int CircuitsRequested { get; init; }
    public int CircuitsHeld { get; set; }
    public int OpenFailures { get; set; }
    public int ActionFailures { get; set; }
    public int CircuitsBroken { get; set; }
    public List<string> FailureSamples { get; } = [];
    public double OpenP50Ms { get; set; }
    public double OpenP95Ms { get; set; }
    public long Actions { get; set; }
    public double ActionsPerSecond { get; set; }

    /// <summary>The measured window in seconds.</summary>
    public double WindowSeconds { get; set; }

    /// <summary>About how many actions the timetable starts in the measured window (learners × duration ÷ think time).</summary>
    public long ActionsScheduled { get; set; }

    /// <summary>Actions that finished in the measured window, whenever they were due: the throughput when learners fall behind.</summary>
    public long ActionsCompletedInWindow { get; set; }

    /// <summary>
    /// Fewer than 90 % of the scheduled actions were measured: learners fell behind their timetable (actions are
    /// measured from when they were due), so the latencies describe a growing queue, not a steady state.
    /// </summary>
    public bool FellBehind => Mode == "active" && ActionsScheduled > 0 && Actions < 0.9 * ActionsScheduled;
    public double P50Ms { get; set; }
    public double P95Ms { get; set; }
    public double P99Ms { get; set; }
    public double MaxMs { get; set; }
    public long Decisions { get; set; }
    public double DecisionP95Ms { get; set; }
    public double? RssPerCircuitKb { get; set; }
    public double? ManagedPerCircuitKb { get; set; }
    public double? ServerRssMb { get; set; }
    public double? ServerManagedMb { get; set; }
    public double? ServerCpuMsPerAction { get; set; }
    public double? ServerCpuPercent { get; set; }
    public double? GcPausePercent { get; set; }

    /// <summary>
    /// This load client's own CPU over the measured window (% of one core). On a small machine it shares the cores
    /// with the server, so it is part of what limits the run.
    /// </summary>
    public double? ClientCpuPercent { get; set; }
    public double? StatementsPerSecond { get; set; }
    public long? ResponsesWritten { get; set; }
    public long? DecisionsWritten { get; set; }
    public long? EvidenceWritten { get; set; }
    public long? StatementsWritten { get; set; }
    public long ConfirmedDecisions { get; set; }
    public List<string> LostRecords { get; } = [];

    /// <summary>Per kind of action (page, select, input, decision, continue, restart, click): count, p50, p95 in ms.</summary>
    public Dictionary<string, double[]> ByKind { get; } = [];

    public bool Healthy => OpenFailures == 0 && ActionFailures == 0 && CircuitsBroken == 0 && LostRecords.Count == 0;

    public string ToText()
    {
        var lines = new List<string>
        {
            $"app={App} mode={Mode} circuits requested={CircuitsRequested} held={CircuitsHeld} open-failures={OpenFailures} action-failures={ActionFailures} broken={CircuitsBroken}",
            $"open circuit: p50 {OpenP50Ms:0.0} ms, p95 {OpenP95Ms:0.0} ms",
        };
        if (Mode == "active")
        {
            lines.Add($"actions {Actions} ({ActionsPerSecond:0.0}/s) action→render p50 {P50Ms:0.00} ms p95 {P95Ms:0.00} ms p99 {P99Ms:0.00} ms max {MaxMs:0.0} ms");
            if (FellBehind)
            {
                lines.Add($"FELL BEHIND: {Actions} of about {ActionsScheduled} scheduled actions were due and done in the measured window; " +
                          $"{ActionsCompletedInWindow} actions finished in it ({ActionsCompletedInWindow / Math.Max(1, WindowSeconds):0.0}/s), the rest queued: the server did not keep up");
            }

            if (ByKind.Count > 0)
            {
                lines.Add("by kind: " + string.Join("; ", ByKind.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value[0]:0} × p50 {k.Value[1]:0.0} / p95 {k.Value[2]:0.0} ms")));
            }

            if (Decisions > 0)
            {
                lines.Add($"decisions {Decisions} (action→feedback p95 {DecisionP95Ms:0.00} ms)");
            }
        }

        lines.Add($"server: rss {ServerRssMb:0.0} MB managed {ServerManagedMb:0.0} MB; per circuit rss {RssPerCircuitKb:0.0} KB managed {ManagedPerCircuitKb:0.0} KB; " +
                  $"cpu/action {ServerCpuMsPerAction:0.000} ms; cpu {ServerCpuPercent:0.0} % of one core; gc pause {GcPausePercent:0.0} %; load client cpu {ClientCpuPercent:0.0} % of one core");
        if (StatementsWritten is not null)
        {
            lines.Add($"records: statements +{StatementsWritten} ({StatementsPerSecond:0.0}/s), responses +{ResponsesWritten} (decisions +{DecisionsWritten}), evidence +{EvidenceWritten}, confirmed decisions {ConfirmedDecisions}");
        }

        lines.AddRange(LostRecords.Select(l => "LOST: " + l));
        lines.AddRange(FailureSamples.Take(10).Select(f => "failure: " + f));
        lines.Add(Healthy ? (FellBehind ? "result: OK (no errors, no lost records), but saturated" : "result: OK") : "result: FAILED");
        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>
/// Runs N circuits against a loopback app: sign in (or reuse cached cookies), open circuits with bounded
/// concurrency, then hold them (idle) or let every learner act once per think time (active), and read the
/// server's diagnostics before, during and after. Always ends: every wait has a timeout and the run a deadline.
/// </summary>
public sealed class LoadRun(LoadOptions options, TextWriter log)
{
    private readonly ConcurrentBag<string> _failures = [];

    public async Task<LoadReport> RunAsync()
    {
        options.Validate();
        using var deadline = new CancellationTokenSource(options.Deadline);
        var cancel = deadline.Token;
        using var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = Math.Max(16, options.OpenConcurrency) };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        var report = new LoadReport { App = options.App, Mode = options.Mode, CircuitsRequested = options.Circuits };

        var baseline = await ServerSample.ReadAsync(http, options.Target, fullGc: true, cancel);
        log.WriteLine(baseline is null ? "diagnostics endpoint off: no server figures" : $"server before: rss {baseline.RssBytes / 1e6:0.0} MB, managed {baseline.ManagedBytes / 1e6:0.0} MB, circuits {baseline.CircuitsOpen}");

        var cookies = options.App == "leerplatform" ? await SignInAllAsync(cancel) : null;

        // Open the circuits.
        var circuits = new BlazorCircuit?[options.Circuits];
        var journeys = new IJourney[options.Circuits];
        var openTimes = new ConcurrentBag<double>();
        var opening = Stopwatch.StartNew();
        await Parallel.ForAsync(0, options.Circuits, new ParallelOptions { MaxDegreeOfParallelism = options.OpenConcurrency, CancellationToken = cancel }, async (i, ct) =>
        {
            journeys[i] = options.App == "template" ? new CounterJourney()
                : options.Journey == "render-only" ? new RenderOnlyJourney(options.Module, options.CasePage)
                : new CaseJourney(options.Module, options.FirstPage, options.ExpectedFeedback);
            var started = Stopwatch.GetTimestamp();
            try
            {
                var circuit = await BlazorCircuit.OpenAsync(options.Target, journeys[i].StartPath, http, cookies?[i % cookies.Length], options.ActionTimeout, ct);
                circuits[i] = circuit;
                await circuit.WaitAsync(journeys[i].IsReady, options.ActionTimeout);
                openTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                if (circuits[i] is { } half)
                {
                    circuits[i] = null;
                    await half.DisposeAsync();
                }

                Fail(report, $"open #{i}: {ex.GetType().Name}: {ex.Message}", open: true);
            }

            if ((i + 1) % 500 == 0)
            {
                log.WriteLine($"  opened {i + 1}/{options.Circuits} in {opening.Elapsed.TotalSeconds:0.0} s");
            }
        });
        var opened = openTimes.OrderBy(t => t).ToArray();
        report.OpenP50Ms = Percentile(opened, 0.50);
        report.OpenP95Ms = Percentile(opened, 0.95);
        log.WriteLine($"opened {opened.Length}/{options.Circuits} circuits in {opening.Elapsed.TotalSeconds:0.0} s");

        if (options.Mode == "idle")
        {
            await Task.Delay(options.Duration, cancel);
        }
        else
        {
            await ActAsync(circuits, journeys, report, http, cancel);
        }

        report.CircuitsHeld = circuits.Count(c => c is not null && c.Failure is null);
        report.CircuitsBroken = circuits.Count(c => c?.Failure is not null);
        foreach (var broken in circuits.Where(c => c?.Failure is not null).Take(5))
        {
            _failures.Add("broken circuit: " + broken!.Failure);
        }

        var held = await ServerSample.ReadAsync(http, options.Target, fullGc: true, cancel);
        if (baseline is not null && held is not null)
        {
            report.ServerRssMb = held.RssBytes / 1e6;
            report.ServerManagedMb = held.ManagedBytes / 1e6;
            if (report.CircuitsHeld > 0)
            {
                report.RssPerCircuitKb = (held.RssBytes - baseline.RssBytes) / 1024.0 / report.CircuitsHeld;
                report.ManagedPerCircuitKb = (held.ManagedBytes - baseline.ManagedBytes) / 1024.0 / report.CircuitsHeld;
            }

            if (options.App == "leerplatform")
            {
                report.StatementsWritten = held.Count("statements") - baseline.Count("statements");
                report.ResponsesWritten = held.Count("responses") - baseline.Count("responses");
                report.DecisionsWritten = held.Count("decisions") - baseline.Count("decisions");
                report.EvidenceWritten = held.Count("evidence") - baseline.Count("evidence");
                report.ConfirmedDecisions = journeys.OfType<CaseJourney>().Sum(j => (long)j.Decisions);
                // Every confirmed decision is one response in the log and moves at least one competence
                // (the first choices of the fixture case each move one); its statements share the transaction.
                if (report.DecisionsWritten != report.ConfirmedDecisions)
                {
                    report.LostRecords.Add($"{report.ConfirmedDecisions} decisions confirmed on screen, {report.DecisionsWritten} decision responses stored");
                }

                if (report.EvidenceWritten < report.ConfirmedDecisions)
                {
                    report.LostRecords.Add($"{report.ConfirmedDecisions} decisions, only {report.EvidenceWritten} evidence records");
                }

                if (report.StatementsWritten < report.ConfirmedDecisions)
                {
                    report.LostRecords.Add($"{report.ConfirmedDecisions} decisions, only {report.StatementsWritten} statements");
                }
            }
        }

        log.WriteLine("closing circuits");
        await Parallel.ForEachAsync(circuits.Where(c => c is not null), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) => await c!.DisposeAsync());
        report.FailureSamples.AddRange(_failures.Take(20));
        if (options.JsonOut is { } path)
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }), CancellationToken.None);
        }

        return report;
    }

    private async Task ActAsync(BlazorCircuit?[] circuits, IJourney[] journeys, LoadReport report, HttpClient http, CancellationToken cancel)
    {
        var latencies = new ConcurrentBag<double>();
        long completedInWindow = 0;
        var decisionLatencies = new ConcurrentBag<double>();
        var byKind = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        var start = Stopwatch.GetTimestamp();
        var warmupEnd = options.Warmup;
        var end = options.Warmup + options.Duration;
        ServerSample? atWarmupEnd = null;
        var clientCpuAtWarmupEnd = TimeSpan.Zero;
        var sampler = Task.Run(async () =>
        {
            await Task.Delay(options.Warmup, cancel);
            atWarmupEnd = await ServerSample.ReadAsync(http, options.Target, fullGc: false, cancel);
            clientCpuAtWarmupEnd = Process.GetCurrentProcess().TotalProcessorTime;
        }, cancel);

        var workers = circuits.Select((circuit, i) => circuit is null ? Task.CompletedTask : Task.Run(async () =>
        {
            var random = new Random(i);
            var think = options.Think.TotalMilliseconds;
            // Spread the first actions over one think time (or --stagger-s), then keep a fixed timetable: latency
            // counts from the intended start, so a slow server cannot hide its delay by slowing the client down.
            var intended = random.NextDouble() * (options.Stagger ?? options.Think).TotalMilliseconds;
            while (true)
            {
                var now = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                // No new action once the measured phase is over, even if this learner is behind its timetable.
                if (intended >= end.TotalMilliseconds || now >= end.TotalMilliseconds || cancel.IsCancellationRequested || circuit.Failure is not null)
                {
                    return;
                }

                if (intended > now)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(intended - now), cancel);
                }

                string kind;
                try
                {
                    kind = await journeys[i].StepAsync(circuit, options.ActionTimeout);
                }
                catch (ActionException ex)
                {
                    Fail(report, $"circuit #{i}: {ex.Message}", open: false);
                    return;
                }

                var done = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                var latency = done - intended;
                if (done >= warmupEnd.TotalMilliseconds && done < end.TotalMilliseconds)
                {
                    Interlocked.Increment(ref completedInWindow);
                }

                if (intended >= warmupEnd.TotalMilliseconds)
                {
                    latencies.Add(latency);
                    byKind.GetOrAdd(kind, _ => []).Add(latency);
                    if (kind == "decision")
                    {
                        decisionLatencies.Add(latency);
                    }
                }

                intended += think * (0.8 + (0.4 * random.NextDouble()));
            }
        }, CancellationToken.None)).ToArray();

        // Workers stop by themselves at the end of the timetable; an action in flight gets its timeout.
        try
        {
            await Task.WhenAll(workers).WaitAsync(options.Duration + options.Warmup + options.ActionTimeout + TimeSpan.FromSeconds(30), cancel);
        }
        catch (TimeoutException)
        {
            Fail(report, $"{workers.Count(w => !w.IsCompleted)} learners were still waiting for an action at the end", open: false);
        }

        var measured = Stopwatch.GetElapsedTime(start) - options.Warmup;
        await sampler;
        var after = await ServerSample.ReadAsync(http, options.Target, fullGc: false, cancel);
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuAtWarmupEnd;

        var sorted = latencies.OrderBy(l => l).ToArray();
        report.Actions = sorted.Length;
        report.ActionsPerSecond = sorted.Length / options.Duration.TotalSeconds;
        report.ActionsScheduled = (long)(circuits.Count(c => c is not null) * options.Duration.TotalMilliseconds / options.Think.TotalMilliseconds);
        report.ActionsCompletedInWindow = Interlocked.Read(ref completedInWindow);
        report.WindowSeconds = options.Duration.TotalSeconds;
        report.P50Ms = Percentile(sorted, 0.50);
        report.P95Ms = Percentile(sorted, 0.95);
        report.P99Ms = Percentile(sorted, 0.99);
        report.MaxMs = sorted.Length > 0 ? sorted[^1] : 0;
        foreach (var (kind, values) in byKind)
        {
            var ordered = values.OrderBy(l => l).ToArray();
            report.ByKind[kind] = [ordered.Length, Percentile(ordered, 0.50), Percentile(ordered, 0.95)];
        }

        var decisions = decisionLatencies.OrderBy(l => l).ToArray();
        report.Decisions = decisions.Length;
        report.DecisionP95Ms = Percentile(decisions, 0.95);
        if (atWarmupEnd is not null && after is not null)
        {
            var seconds = measured.TotalSeconds;
            // Per action finished in the window: the same as per measured action in a steady run, and still right
            // when learners fell behind and the measured (due-and-done) actions are only part of the work.
            var finished = Interlocked.Read(ref completedInWindow);
            report.ServerCpuMsPerAction = finished > 0 ? (after.CpuMs - atWarmupEnd.CpuMs) / (double)finished : null;
            report.ServerCpuPercent = (after.CpuMs - atWarmupEnd.CpuMs) / 10.0 / seconds;
            report.ClientCpuPercent = clientCpu.TotalMilliseconds / 10.0 / seconds;
            report.GcPausePercent = (after.GcPauseMs - atWarmupEnd.GcPauseMs) / 10.0 / seconds;
            if (after.Counts.ContainsKey("statements"))
            {
                report.StatementsPerSecond = (after.Count("statements") - atWarmupEnd.Count("statements")) / seconds;
            }
        }
    }

    private async Task<CookieContainer[]> SignInAllAsync(CancellationToken cancel)
    {
        var accounts = Math.Min(options.Users, options.Circuits);
        var cache = new ConcurrentDictionary<string, string>();
        if (options.CookieCache is { } file && File.Exists(file))
        {
            foreach (var line in await File.ReadAllLinesAsync(file, cancel))
            {
                var parts = line.Split('\t', 2);
                if (parts.Length == 2)
                {
                    cache[parts[0]] = parts[1];
                }
            }
        }

        var cookies = new CookieContainer[accounts];
        var signedIn = 0;
        var watch = Stopwatch.StartNew();
        // Signing in hashes the password (PBKDF2) on the server: a few at a time, and cached between runs.
        await Parallel.ForAsync(0, accounts, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancel }, async (i, ct) =>
        {
            var email = $"load-{i + 1:00000}@leerplatform.test";
            if (cache.TryGetValue(email, out var header))
            {
                cookies[i] = SignIn.FromHeader(options.Target, header);
                return;
            }

            cookies[i] = await SignIn.SignInAsync(options.Target, email, options.Password, ct);
            cache[email] = cookies[i].GetCookieHeader(options.Target);
            Interlocked.Increment(ref signedIn);
        });
        log.WriteLine($"{accounts} learners ready ({signedIn} signed in now, {accounts - signedIn} from the cookie cache) in {watch.Elapsed.TotalSeconds:0.0} s");
        if (options.CookieCache is { } target && signedIn > 0)
        {
            await File.WriteAllLinesAsync(target, cache.Select(p => $"{p.Key}\t{p.Value}"), cancel);
        }

        return cookies;
    }

    private void Fail(LoadReport report, string message, bool open)
    {
        lock (report)
        {
            if (open)
            {
                report.OpenFailures++;
            }
            else
            {
                report.ActionFailures++;
            }
        }

        _failures.Add(message);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
