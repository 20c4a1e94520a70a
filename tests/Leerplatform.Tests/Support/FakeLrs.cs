using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Leerplatform.Tests.Support;

/// <summary>
/// An LRS on a loopback port whose faults a test switches on and off: refuse connections (stopped), answer
/// slowly, answer 500, refuse one statement id with 400, demand credentials. It stores statements by id like an
/// LRS (same content again = no-op, other content = 409) and remembers every request for the assertions.
/// </summary>
public sealed class FakeLrs : IAsyncDisposable
{
    private WebApplication? _app;

    public FakeLrs(int port) => Port = port;

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/xapi/");

    /// <summary>Stored statements in arrival order (id → compact JSON).</summary>
    public ConcurrentDictionary<Guid, string> Stored { get; } = new();

    public ConcurrentQueue<Guid> Order { get; } = new();

    /// <summary>Every id in every POST, including refused and repeated ones.</summary>
    public ConcurrentQueue<Guid> Received { get; } = new();

    public int ServerErrorsLeft;

    public TimeSpan Delay { get; set; }

    public Guid? RejectId { get; set; }

    public string? RequiredAuthorization { get; set; }

    public string[] AboutVersions { get; set; } = ["1.0.3"];

    public ConcurrentQueue<string> VersionHeaders { get; } = new();

    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/xapi/about", () => Results.Json(new { version = AboutVersions }));
        app.MapPost("/xapi/statements", (Delegate)HandleAsync);
        await app.StartAsync();
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        VersionHeaders.Enqueue(http.Request.Headers["X-Experience-API-Version"].ToString());
        if (RequiredAuthorization is not null && http.Request.Headers.Authorization != RequiredAuthorization)
        {
            return Results.Json(new { error = "bad credentials" }, statusCode: 401);
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        if (Interlocked.Decrement(ref ServerErrorsLeft) >= 0)
        {
            return Results.Json(new { error = "temporarily broken" }, statusCode: 500);
        }

        using var body = await JsonDocument.ParseAsync(http.Request.Body);
        var statements = body.RootElement.EnumerateArray().ToList();
        var ids = statements.Select(s => s.GetProperty("id").GetGuid()).ToList();
        foreach (var id in ids)
        {
            Received.Enqueue(id);
        }

        if (RejectId is { } reject && ids.Contains(reject))
        {
            return Results.Json(new { warnings = new[] { $"Problem in 'statements.{ids.IndexOf(reject)}.result': rejected by the test" } }, statusCode: 400);
        }

        foreach (var (statement, id) in statements.Zip(ids))
        {
            if (Stored.TryGetValue(id, out var existing) && existing != statement.GetRawText())
            {
                return Results.Json(new { error = $"conflict on {id}" }, statusCode: 409);
            }
        }

        foreach (var (statement, id) in statements.Zip(ids))
        {
            if (Stored.TryAdd(id, statement.GetRawText()))
            {
                Order.Enqueue(id);
            }
        }

        return Results.Json(ids);
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
