using System.Globalization;
using Leerplatform.Core.Localization;
using Leerplatform.Data;
using Leerplatform.Data.Entities;
using Leerplatform.Data.Identity;
using Leerplatform.Web.Components;
using Leerplatform.Web.Endpoints;
using Leerplatform.Web.Services;
using Leerplatform.Web.Services.Organisations;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.FileProviders;

namespace Leerplatform.Web;

/// <summary>
/// Builds and starts the web app. Kept apart from Program.cs so tests can start the very same app on a free
/// loopback port with their own database and content folder.
/// </summary>
public static class LeerplatformApp
{
    public static readonly CultureInfo[] SupportedCultures =
        [new("nl"), new("nl-BE"), new("nl-NL"), new("en")];

    /// <summary>
    /// Settings are read at start, not watched (unless a host passes <c>--hostBuilder:reloadConfigOnChange=true</c>).
    /// Watching appsettings.json watches the whole content root, and the default database (App_Data) lives in it:
    /// every SQLite write then woke the file watcher, 3 % of the server's CPU under load (issue 8).
    /// </summary>
    internal static string[] WithoutConfigReload(string[] args) =>
        args.Any(a => a.Contains("reloadConfigOnChange", StringComparison.OrdinalIgnoreCase))
            ? args
            : [.. args, "--hostBuilder:reloadConfigOnChange=false"];

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(WithoutConfigReload(args));
        configure?.Invoke(builder);

        builder.Services.AddOptions<LeerplatformOptions>()
            .BindConfiguration(LeerplatformOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(LeerplatformOptions.Section).Get<LeerplatformOptions>() ?? new LeerplatformOptions();
        builder.Services.AddLeerplatformData(ConnectionString(options, builder.Environment));
        // Keys that protect sign-in cookies and antiforgery tokens live with the data, so a restart or a
        // redeploy does not sign everybody out.
        builder.Services.AddDataProtection()
            .SetApplicationName("Leerplatform")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(options.DataPath, builder.Environment.ContentRootPath), "keys")));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ContentCatalog>();
        builder.Services.AddSingleton<ThemeService>();
        Leerplatform.Web.Services.Theming.ThemingServiceCollectionExtensions.AddOrganisationThemes(builder.Services);
        builder.Services.AddSingleton<ProgressService>();
        builder.Services.AddSingleton<Leerplatform.Web.Services.LearningPaths.LearningPathService>();
        builder.Services.AddSingleton<AssessmentService>();
        builder.Services.AddSingleton<LearnerRegionService>();
        builder.Services.AddSingleton<CompetenceService>();
        builder.Services.AddSingleton<HelpPages>();
        builder.Services.AddOptions<Leerplatform.Web.Services.Xapi.XapiOptions>().BindConfiguration(Leerplatform.Web.Services.Xapi.XapiOptions.Section);
        builder.Services.AddSingleton<Leerplatform.Web.Services.Xapi.XapiOutboxSignal>();
        builder.Services.AddSingleton<Leerplatform.Web.Services.Xapi.XapiRecorder>();
        builder.Services.AddSingleton<Leerplatform.Web.Services.Xapi.XapiCredentials>();
        builder.Services.AddSingleton<Leerplatform.Web.Services.Xapi.StatementService>();
        builder.Services.AddSingleton<Leerplatform.Web.Services.Xapi.LrsSettings>();
        builder.Services.AddSingleton<Leerplatform.Web.Services.Xapi.XapiExport>();
        builder.Services.AddHttpClient(Leerplatform.Web.Services.Xapi.XapiOutboxWorker.HttpClientName)
            // Requests to an LRS must not be logged with their Authorization header; the default handler logs none.
            .RemoveAllLoggers();
        builder.Services.AddHostedService<Leerplatform.Web.Services.Xapi.XapiOutboxWorker>();
        builder.Services.AddHostedService<StartupTasks>();
        builder.Services.AddOptions<Leerplatform.Web.Services.Mail.MailOptions>().BindConfiguration(Leerplatform.Web.Services.Mail.MailOptions.Section);
        if (string.Equals(builder.Configuration[$"{Leerplatform.Web.Services.Mail.MailOptions.Section}:Mode"], "file", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddSingleton<Leerplatform.Web.Services.Mail.IMailSender, Leerplatform.Web.Services.Mail.FileMailSender>();
        }
        else
        {
            builder.Services.AddSingleton<Leerplatform.Web.Services.Mail.IMailSender, Leerplatform.Web.Services.Mail.SmtpMailSender>();
        }

        builder.Services.AddSingleton<Leerplatform.Web.Services.Organisations.MemberService>();
        builder.Services.AddSingleton<Leerplatform.Web.Services.Organisations.PlatformOrganisations>();
        Leerplatform.Web.Services.Workspace.WorkspaceServices.AddWorkspace(builder.Services);
        Leerplatform.Web.Services.Reviews.ReviewServiceCollectionExtensions.AddReviews(builder.Services);
        builder.Services.AddLeerplatformReports();

        AddAccounts(builder.Services);

        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("nl");
            o.SupportedCultures = SupportedCultures;
            o.SupportedUICultures = SupportedCultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
        });

        builder.Services.AddRazorComponents().AddInteractiveServerComponents()
            // The workspace editor sends a whole page's text (up to 1 MB, the content limit, JSON-escaped) in one
            // message; SignalR's 32 KB default would drop the circuit on a long page.
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 3 * 1024 * 1024);
        if (LoadDiagnostics.IsEnabled(builder.Configuration))
        {
            builder.Services.AddLoadDiagnostics();
        }

        builder.Services.AddProblemDetails();
        HumanText.EnsureRegistered();

        var app = builder.Build();

        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/fout", createScopeForErrors: true);
            app.UseHsts();
        }

        // Pages get a friendly status page in the UI language; APIs answer with their own problem details.
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.Use((context, next) =>
        {
            if (IsApi(context.Request.Path) && context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
            {
                statusPages.Enabled = false;
            }

            return next(context);
        });
        app.UseRequestLocalization();
        app.Use(SecurityHeaders);

        var theme = app.Services.GetRequiredService<ThemeService>();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(theme.ThemesRoot),
            RequestPath = "/themes",
        });

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapLeerplatformEndpoints();
        if (LoadDiagnostics.IsEnabled(app.Configuration))
        {
            app.MapLoadDiagnostics(RecordCountsAsync);
        }

        // frame-ancestors is already in our own CSP header (SecurityHeaders); avoid a second CSP header.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);

        return app;
    }

    /// <summary>What the load test counts after a run to prove no learner record was lost.</summary>
    private static async Task<IReadOnlyDictionary<string, long>> RecordCountsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var contexts = services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<LeerplatformDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return new Dictionary<string, long>
        {
            ["statements"] = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.LongCountAsync(db.XapiStatements, cancellationToken),
            ["responses"] = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.LongCountAsync(db.LearnerResponses, cancellationToken),
            ["decisions"] = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.LongCountAsync(db.LearnerResponses.Where(r => r.Kind == "decision"), cancellationToken),
            ["evidence"] = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.LongCountAsync(db.CompetenceEvidence, cancellationToken),
            ["pageViews"] = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.LongCountAsync(db.PageViews, cancellationToken),
            // Write transactions queued at the SQLite write gate, and how long they waited and held it (ms).
            ["writeTransactions"] = SqliteWriteGate.Instance.Statistics.Transactions,
            ["writeWaitMs"] = (long)SqliteWriteGate.Instance.Statistics.WaitMs,
            ["writeHoldMs"] = (long)SqliteWriteGate.Instance.Statistics.HoldMs,
            ["writeMaxHoldMs"] = (long)SqliteWriteGate.Instance.Statistics.MaxHoldMs,
            // Group commits and the writers they carried (writers per commit = the batch size under this load).
            ["writeCommits"] = SqliteWriteGate.Instance.BatchStatistics.Commits,
            ["writeBatchedWriters"] = SqliteWriteGate.Instance.BatchStatistics.Writers,
        };
    }

    private static string ConnectionString(LeerplatformOptions options, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.ConnectionString;
        }

        var folder = Path.GetFullPath(options.DataPath, environment.ContentRootPath);
        return $"Data Source={Path.Combine(folder, "leerplatform.db")}";
    }

    private static void AddAccounts(IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/inloggen";
            cookie.LogoutPath = "/account/uitloggen";
            cookie.AccessDeniedPath = "/account/geen-toegang";
            cookie.Cookie.Name = "leerplatform.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(14);
            // APIs answer 401/403 instead of redirecting to the sign-in page.
            cookie.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorization();
        services.AddOrganisationAuthorization();

        services.AddScoped<IUserStore<AppUser>, LeerplatformUserStore>();
        services.AddIdentityCore<AppUser>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                // NIST SP 800-63B: length over composition rules; Identity still checks unique characters.
                identity.Password.RequiredLength = 8;
                identity.Password.RequireDigit = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequiredUniqueChars = 4;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                identity.SignIn.RequireConfirmedAccount = false;
            })
            .AddSignInManager()
            .AddClaimsPrincipalFactory<LeerplatformClaimsFactory>()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddDefaultTokenProviders();
    }

    /// <summary>APIs and downloads live under /api and /xapi: they answer with status codes, never with pages.</summary>
    public static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/xapi");

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (IsApi(context.Request.Path))
        {
            context.Response.StatusCode = status;
            return context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails =
                {
                    Status = status,
                    Title = status == StatusCodes.Status401Unauthorized ? "Niet ingelogd" : "Geen toegang",
                    Detail = status == StatusCodes.Status401Unauthorized
                        ? "Log in om je voortgang te bekijken of te bewaren."
                        : "Je rol geeft geen toegang tot deze gegevens.",
                },
            }).AsTask();
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Defence in depth against script injection: even if author HTML slipped through, the browser would refuse
    /// inline scripts and foreign sources. Blazor Server needs only 'self' and its WebSocket.
    /// </summary>
    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
            "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers.XFrameOptions = "DENY";
        return next();
    }
}
