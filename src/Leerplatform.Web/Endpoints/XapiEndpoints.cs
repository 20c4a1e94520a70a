using System.Globalization;
using System.Text;
using System.Text.Json;
using Leerplatform.Core.Xapi;
using Leerplatform.Web.Services.Xapi;
using Microsoft.Extensions.Primitives;

namespace Leerplatform.Web.Endpoints;

/// <summary>
/// The statement resource of the platform's LRS under /xapi/ (xAPI 1.0.3 and 2.0.0, negotiated per request).
/// Each organisation's keys see only that organisation's statements. Errors are JSON:
/// <c>{"error": "...", "errors": [{"path": "...", "message": "..."}]}</c>.
/// </summary>
public static class XapiEndpoints
{
    private static readonly string[] QueryParameters =
    [
        "statementId", "voidedStatementId", "agent", "verb", "activity", "registration", "related_activities", "related_agents",
        "since", "until", "limit", "format", "attachments", "ascending", "cursor",
    ];

    public static IEndpointRouteBuilder MapXapiEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/xapi");
        group.MapGet("/about", About);
        group.MapGet("/statements", (HttpContext http, XapiCredentials keys, StatementService service) =>
            Handle(http, keys, write: false, (client, version) => GetAsync(http, service, client, version)));
        group.MapPost("/statements", (HttpContext http, XapiCredentials keys, StatementService service) =>
            Handle(http, keys, write: true, (client, version) => PostAsync(http, service, client, version)));
        group.MapPut("/statements", (HttpContext http, XapiCredentials keys, StatementService service) =>
            Handle(http, keys, write: true, (client, version) => PutAsync(http, service, client, version)));
        return endpoints;
    }

    private static async Task About(HttpContext http)
    {
        // /about needs neither credentials nor a version header (xAPI 1.0.3 §7.7).
        var version = XapiVersions.TryParseHeader(http.Request.Headers[XapiVersions.Header], out var v) ? v : XapiVersion.V1_0_3;
        http.Response.Headers[XapiVersions.Header] = version.ToText();
        await http.Response.WriteAsJsonAsync(new { version = new[] { "1.0.3", "2.0.0" }, extensions = new Dictionary<string, object>() });
    }

    private static async Task Handle(HttpContext http, XapiCredentials keys, bool write, Func<XapiClient, XapiVersion, Task> handler)
    {
        var version = XapiVersion.V1_0_3;
        try
        {
            if (http.Request.Query.ContainsKey("method"))
            {
                throw new XapiRequestException(StatusCodes.Status400BadRequest, "the alternate request syntax (?method=) is not supported");
            }

            if (!XapiVersions.TryParseHeader(http.Request.Headers[XapiVersions.Header], out version))
            {
                throw new XapiRequestException(StatusCodes.Status400BadRequest,
                    $"the {XapiVersions.Header} header is missing or not a supported version (1.0.x or 2.0.x)");
            }

            http.Response.Headers[XapiVersions.Header] = version.ToText();
            var client = await keys.AuthenticateAsync(http.Request.Headers.Authorization, http.RequestAborted);
            if (client is null)
            {
                http.Response.Headers.WWWAuthenticate = "Basic realm=\"Leerplatform xAPI\", charset=\"UTF-8\"";
                throw new XapiRequestException(StatusCodes.Status401Unauthorized, "missing or invalid credentials (HTTP Basic with an organisation's statement key)");
            }

            if (write && !client.CanWrite)
            {
                throw new XapiRequestException(StatusCodes.Status403Forbidden, "this key may only read statements");
            }

            await handler(client, version);
        }
        catch (XapiRequestException refusal) when (!http.Response.HasStarted)
        {
            http.Response.Headers[XapiVersions.Header] = version.ToText();
            http.Response.StatusCode = refusal.Status;
            await http.Response.WriteAsJsonAsync(new
            {
                error = refusal.Message,
                errors = refusal.Errors.Select(e => new { path = e.Path, message = e.Message }),
            });
        }
    }

    private static async Task PostAsync(HttpContext http, StatementService service, XapiClient client, XapiVersion version)
    {
        RejectQuery(http, []);
        using var document = await ReadBodyAsync(http, service.Options);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > service.Options.MaxBatch)
        {
            throw new XapiRequestException(StatusCodes.Status413PayloadTooLarge, $"at most {service.Options.MaxBatch} statements per request");
        }

        if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() == 0)
        {
            throw new XapiRequestException(StatusCodes.Status400BadRequest, "the request holds no statements");
        }

        var errors = StatementValidator.ValidateBody(root, version);
        if (errors.Count > 0)
        {
            throw new XapiRequestException(StatusCodes.Status400BadRequest, "invalid statement; nothing of this request was stored", errors);
        }

        var statements = root.ValueKind == JsonValueKind.Array
            ? root.EnumerateArray().Select(XapiJsonReader.ReadStatement).ToList()
            : [XapiJsonReader.ReadStatement(root)];
        var ids = await service.StoreAsync(client, statements, version, http.RequestAborted);
        await http.Response.WriteAsJsonAsync(ids.Select(XapiJsonWriter.Uuid));
    }

    private static async Task PutAsync(HttpContext http, StatementService service, XapiClient client, XapiVersion version)
    {
        RejectQuery(http, ["statementId"]);
        var id = Uuid(http, "statementId") ?? throw new XapiRequestException(StatusCodes.Status400BadRequest, "PUT needs the statementId parameter");
        using var document = await ReadBodyAsync(http, service.Options);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new XapiRequestException(StatusCodes.Status400BadRequest, "PUT takes one statement (a JSON object)");
        }

        var errors = StatementValidator.Validate(document.RootElement, version);
        if (errors.Count > 0)
        {
            throw new XapiRequestException(StatusCodes.Status400BadRequest, "invalid statement; it was not stored", errors);
        }

        var statement = XapiJsonReader.ReadStatement(document.RootElement);
        if (statement.Id is { } bodyId && bodyId != id)
        {
            throw new XapiRequestException(StatusCodes.Status400BadRequest, "the statement's id differs from the statementId parameter");
        }

        await service.StoreAsync(client, [statement with { Id = id }], version, http.RequestAborted);
        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task GetAsync(HttpContext http, StatementService service, XapiClient client, XapiVersion version)
    {
        RejectQuery(http, QueryParameters);
        var format = http.Request.Query["format"].ToString() switch
        {
            "" or "exact" => StatementFormat.Exact,
            "ids" => StatementFormat.Ids,
            "canonical" => StatementFormat.Canonical,
            var other => throw new XapiRequestException(StatusCodes.Status400BadRequest, $"format '{other}' is not exact, ids or canonical"),
        };
        var attachments = Bool(http, "attachments");
        var languages = http.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.ToString()).ToList();
        var options = new XapiWriteOptions(format, languages, version);
        http.Response.Headers["X-Experience-API-Consistent-Through"] = XapiTimestamp.FromInstant(DateTimeOffset.UtcNow).Text;

        var statementId = Uuid(http, "statementId");
        var voidedId = Uuid(http, "voidedStatementId");
        if (statementId is not null || voidedId is not null)
        {
            if (statementId is not null && voidedId is not null
                || http.Request.Query.Keys.Any(k => k is not ("statementId" or "voidedStatementId" or "format" or "attachments")))
            {
                throw new XapiRequestException(StatusCodes.Status400BadRequest,
                    "statementId or voidedStatementId can only be combined with format and attachments");
            }

            var one = await service.GetAsync(client.OrganisationId, (statementId ?? voidedId)!.Value, voided: voidedId is not null, http.RequestAborted)
                      ?? throw new XapiRequestException(StatusCodes.Status404NotFound, "no such statement");
            http.Response.Headers.LastModified = one.StoredUtc.ToString("R", CultureInfo.InvariantCulture);
            await WriteAsync(http, attachments, writer => WriteStatement(writer, one.Json, options));
            return;
        }

        var limit = Int(http, "limit") ?? 0;
        var query = new StatementQuery
        {
            AgentKey = http.Request.Query.TryGetValue("agent", out var agent) ? StatementService.AgentKey(agent.ToString()) : null,
            VerbId = Iri(http, "verb"),
            ActivityId = Iri(http, "activity"),
            Registration = Uuid(http, "registration"),
            RelatedActivities = Bool(http, "related_activities"),
            RelatedAgents = Bool(http, "related_agents"),
            Since = Timestamp(http, "since"),
            Until = Timestamp(http, "until"),
            Ascending = Bool(http, "ascending"),
            Limit = limit <= 0 || limit > service.Options.MaxPageSize ? (limit == 0 ? service.Options.MaxPageSize : service.Options.MaxPageSize) : limit,
            After = http.Request.Query.TryGetValue("cursor", out var cursor)
                ? long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var after) ? after
                    : throw new XapiRequestException(StatusCodes.Status400BadRequest, "cursor is not one this LRS gave out")
                : null,
        };
        if (http.Request.Query.ContainsKey("limit") == false)
        {
            query = query with { Limit = service.Options.PageSize };
        }

        var (page, more) = await service.QueryAsync(client.OrganisationId, query, http.RequestAborted);
        await WriteAsync(http, attachments, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("statements");
            foreach (var statement in page)
            {
                WriteStatement(writer, statement.Json, options);
            }

            writer.WriteEndArray();
            writer.WriteString("more", more ? MoreUrl(http, page[^1].Seq) : string.Empty);
            writer.WriteEndObject();
        });
    }

    /// <summary>Exact statements are written as stored; other formats, and 2.0 statements read by a 1.0.3 client, are rewritten.</summary>
    private static void WriteStatement(Utf8JsonWriter writer, string json, XapiWriteOptions options)
    {
        var rewrite = options.Format != StatementFormat.Exact
                      || (options.Target == XapiVersion.V1_0_3 && (json.Contains("\"contextAgents\"", StringComparison.Ordinal)
                          || json.Contains("\"contextGroups\"", StringComparison.Ordinal) || json.Contains("\"version\":\"2.", StringComparison.Ordinal)));
        if (rewrite)
        {
            XapiJsonWriter.Write(writer, XapiJson.Read(json), options);
        }
        else
        {
            writer.WriteRawValue(json, skipInputValidation: true);
        }
    }

    private static async Task WriteAsync(HttpContext http, bool multipart, Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, XapiJsonWriter.WriterOptions))
        {
            write(writer);
        }

        if (!multipart)
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
            return;
        }

        // attachments=true: multipart/mixed with the statements as first part. This LRS keeps no attachment
        // payloads (statements may reference files by fileUrl), so there are no further parts.
        var boundary = "lp-" + Guid.NewGuid().ToString("N");
        http.Response.ContentType = $"multipart/mixed; boundary={boundary}";
        await http.Response.WriteAsync($"--{boundary}\r\nContent-Type: application/json\r\n\r\n", http.RequestAborted);
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
        await http.Response.WriteAsync($"\r\n--{boundary}--\r\n", http.RequestAborted);
    }

    private static string MoreUrl(HttpContext http, long lastSeq)
    {
        var query = http.Request.Query.Where(p => p.Key != "cursor")
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value.ToString())}")
            .Append($"cursor={lastSeq.ToString(CultureInfo.InvariantCulture)}");
        return $"{http.Request.PathBase}/xapi/statements?{string.Join('&', query)}";
    }

    private static async Task<JsonDocument> ReadBodyAsync(HttpContext http, XapiOptions options)
    {
        var contentType = http.Request.ContentType ?? string.Empty;
        if (contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            throw new XapiRequestException(StatusCodes.Status400BadRequest,
                "attachment payloads are not accepted here; reference the file with fileUrl in the attachment instead");
        }

        if (!contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new XapiRequestException(StatusCodes.Status400BadRequest, "the body must be application/json");
        }

        if (http.Request.ContentLength > options.MaxBodyBytes)
        {
            throw new XapiRequestException(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {options.MaxBodyBytes} bytes");
        }

        // Read at most one byte more than allowed, so a body without Content-Length cannot exhaust memory.
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            body.Write(chunk, 0, read);
            if (body.Length > options.MaxBodyBytes)
            {
                throw new XapiRequestException(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {options.MaxBodyBytes} bytes");
            }
        }

        try
        {
            return JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException exception)
        {
            throw new XapiRequestException(StatusCodes.Status400BadRequest,
                $"malformed JSON at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}: {FirstSentence(exception.Message)}");
        }
    }

    private static string FirstSentence(string message) => message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();

    private static void RejectQuery(HttpContext http, IReadOnlyCollection<string> allowed)
    {
        var unknown = http.Request.Query.Keys.FirstOrDefault(k => !allowed.Contains(k));
        if (unknown is not null)
        {
            throw new XapiRequestException(StatusCodes.Status400BadRequest, $"unknown parameter '{unknown}'");
        }
    }

    private static Guid? Uuid(HttpContext http, string name) => Value(http, name) is not { } value
        ? null
        : StatementValidator.IsUuid(value) ? Guid.Parse(value)
        : throw new XapiRequestException(StatusCodes.Status400BadRequest, $"{name} '{value}' is not a UUID");

    private static string? Iri(HttpContext http, string name) => Value(http, name) is not { } value
        ? null
        : StatementValidator.IsIri(value) ? value
        : throw new XapiRequestException(StatusCodes.Status400BadRequest, $"{name} '{value}' is not an IRI");

    private static DateTime? Timestamp(HttpContext http, string name) => Value(http, name) is not { } value
        ? null
        : XapiTimestamp.TryParse(value, out var timestamp) ? timestamp.Value.UtcDateTime
        : throw new XapiRequestException(StatusCodes.Status400BadRequest, $"{name} '{value}' is not an ISO 8601 timestamp with a time zone");

    private static bool Bool(HttpContext http, string name) => Value(http, name) switch
    {
        null or "false" => false,
        "true" => true,
        var value => throw new XapiRequestException(StatusCodes.Status400BadRequest, $"{name} must be true or false, not '{value}'"),
    };

    private static int? Int(HttpContext http, string name) => Value(http, name) is not { } value
        ? null
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
        : throw new XapiRequestException(StatusCodes.Status400BadRequest, $"{name} must be a whole number 0 or more, not '{value}'");

    private static string? Value(HttpContext http, string name)
    {
        if (!http.Request.Query.TryGetValue(name, out StringValues values))
        {
            return null;
        }

        return values.Count == 1 ? values[0] : throw new XapiRequestException(StatusCodes.Status400BadRequest, $"{name} is given more than once");
    }
}
