using System.Globalization;
using System.Net;

namespace Leerplatform.LoadTests;

/// <summary>What one run does. Every run is bounded: a circuit count, a duration and an overall deadline.</summary>
public sealed class LoadOptions
{
    public const int MaxCircuits = 20_000;

    /// <summary>Base URL of the app under test; loopback only.</summary>
    public Uri Target { get; set; } = new("http://127.0.0.1:5080/");

    /// <summary>"leerplatform" (signed-in learners playing a case) or "template" (the counter).</summary>
    public string App { get; set; } = "leerplatform";

    public int Circuits { get; set; } = 10;

    /// <summary>"active" (every circuit acts) or "idle" (open, hold, measure memory).</summary>
    public string Mode { get; set; } = "active";

    /// <summary>How long the measured phase lasts (active: acting; idle: holding).</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Actions in the first part of the active phase are not counted (JIT, first page views).</summary>
    public TimeSpan Warmup { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Think time: one learner acts once per this interval (±20 % so circuits do not march in step).</summary>
    public TimeSpan Think { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Learners' first actions are spread over this span (default: one think time). All learners play the same
    /// journey of about 15 steps, so with one think time they stay in step: every learner turns a page in the
    /// same second, then every learner decides, and the server sees bursts of one kind of action. Spreading the
    /// start over a whole journey (15 s) gives the mix that independent learners make; keep the warm-up longer.
    /// </summary>
    public TimeSpan? Stagger { get; set; }

    /// <summary>Circuits being opened (and learners signing in) at the same time.</summary>
    public int OpenConcurrency { get; set; } = 16;

    /// <summary>Learner accounts (load-00001…); circuits beyond it share accounts round-robin (idle runs only).</summary>
    public int Users { get; set; }

    public string Password { get; set; } = "Leerplatform-load-1";

    /// <summary>Module and first page of the case journey, and the feedback text the first choices must show.</summary>
    public string Module { get; set; } = "casus-journey";

    public string FirstPage { get; set; } = "inleiding";

    public string ExpectedFeedback { get; set; } = "Goed:";

    /// <summary>"case" (the learner journey) or "render-only" (certainty changes on the case page, no database work).</summary>
    public string Journey { get; set; } = "case";

    /// <summary>The case page of <see cref="Module"/>, where the render-only journey opens.</summary>
    public string CasePage { get; set; } = "casus";

    /// <summary>File that keeps sign-in cookies between runs (signing in costs the server a PBKDF2 hash each).</summary>
    public string? CookieCache { get; set; }

    public TimeSpan ActionTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Hard limit for the whole run, whatever happens.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromMinutes(20);

    public string? JsonOut { get; set; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--target": options.Target = new Uri(Next().TrimEnd('/') + "/"); break;
                case "--app": options.App = Next(); break;
                case "--circuits": options.Circuits = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--mode": options.Mode = Next(); break;
                case "--duration": options.Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--stagger-s": options.Stagger = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--warmup": options.Warmup = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--think-ms": options.Think = TimeSpan.FromMilliseconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--open-concurrency": options.OpenConcurrency = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--users": options.Users = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--password": options.Password = Next(); break;
                case "--module": options.Module = Next(); break;
                case "--first-page": options.FirstPage = Next(); break;
                case "--expect-feedback": options.ExpectedFeedback = Next(); break;
                case "--journey": options.Journey = Next(); break;
                case "--case-page": options.CasePage = Next(); break;
                case "--cookie-cache": options.CookieCache = Next(); break;
                case "--deadline": options.Deadline = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
                case "--json": options.JsonOut = Next(); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        options.Validate();
        return options;
    }

    public void Validate()
    {
        if (!IsLoopback(Target))
        {
            throw new ArgumentException($"{Target} is not a loopback address: the load client only targets this machine (127.0.0.1, ::1, localhost)");
        }

        if (Circuits is < 1 or > MaxCircuits)
        {
            throw new ArgumentException($"--circuits must be 1–{MaxCircuits}");
        }

        if (Mode is not ("active" or "idle") || App is not ("leerplatform" or "template"))
        {
            throw new ArgumentException("--mode is active|idle, --app is leerplatform|template");
        }

        if (Journey is not ("case" or "render-only") || (Journey == "render-only" && App != "leerplatform"))
        {
            throw new ArgumentException("--journey is case|render-only (render-only: Leerplatform only)");
        }

        if (Duration <= TimeSpan.Zero || Duration > TimeSpan.FromHours(1) || Think <= TimeSpan.Zero)
        {
            throw new ArgumentException("--duration must be 0–3600 s and --think-ms positive");
        }

        if (Stagger is { } stagger && (stagger < TimeSpan.Zero || stagger > TimeSpan.FromHours(1)))
        {
            throw new ArgumentException("--stagger-s must be 0–3600 s");
        }

        if (Users <= 0)
        {
            Users = Circuits;
        }

        if (Mode == "active" && App == "leerplatform" && Users < Circuits)
        {
            throw new ArgumentException("active learners need one account each (--users ≥ --circuits): two circuits of one learner would play the same case run");
        }
    }

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
