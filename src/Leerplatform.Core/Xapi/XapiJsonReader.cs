using System.Text.Json;

namespace Leerplatform.Core.Xapi;

/// <summary>
/// Builds the model from JSON that <see cref="StatementValidator"/> accepted. Reading unvalidated JSON throws
/// <see cref="FormatException"/> at the first surprise; call the validator first for messages a client can use.
/// </summary>
public static class XapiJsonReader
{
    internal static readonly JsonSerializerOptions ExtensionValueOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Parses and validates one statement; throws <see cref="XapiValidationException"/> with every error.</summary>
    public static Statement ParseStatement(string json, XapiVersion version = XapiVersion.V2_0_0)
    {
        using var document = JsonDocument.Parse(json);
        var errors = StatementValidator.Validate(document.RootElement, version);
        if (errors.Count > 0)
        {
            throw new XapiValidationException(errors);
        }

        return ReadStatement(document.RootElement);
    }

    public static Statement ReadStatement(JsonElement e) => new()
    {
        Id = OptGuid(e, "id"),
        Actor = ReadActor(e.GetProperty("actor")),
        Verb = ReadVerb(e.GetProperty("verb")),
        Object = ReadObject(e.GetProperty("object")),
        Result = Opt(e, "result", ReadResult),
        Context = Opt(e, "context", ReadContext),
        Timestamp = Opt(e, "timestamp", v => (XapiTimestamp?)XapiTimestamp.Parse(v.GetString()!)),
        Stored = Opt(e, "stored", v => (XapiTimestamp?)XapiTimestamp.Parse(v.GetString()!)),
        Authority = Opt(e, "authority", ReadActor),
        Version = Opt(e, "version", v => v.GetString()),
        Attachments = Opt(e, "attachments", v => List(v, ReadAttachment)),
    };

    public static Actor ReadActor(JsonElement e) =>
        e.TryGetProperty("objectType", out var t) && t.GetString() == "Group" ? ReadGroup(e) : ReadAgent(e);

    private static Agent ReadAgent(JsonElement e) => new()
    {
        ObjectTypeWritten = e.TryGetProperty("objectType", out _),
        Name = Opt(e, "name", v => v.GetString()),
        Mbox = Opt(e, "mbox", v => v.GetString()),
        MboxSha1Sum = Opt(e, "mbox_sha1sum", v => v.GetString()),
        OpenId = Opt(e, "openid", v => v.GetString()),
        Account = Opt(e, "account", v => new Account(v.GetProperty("homePage").GetString()!, v.GetProperty("name").GetString()!)),
    };

    private static Group ReadGroup(JsonElement e) => new()
    {
        Name = Opt(e, "name", v => v.GetString()),
        Mbox = Opt(e, "mbox", v => v.GetString()),
        MboxSha1Sum = Opt(e, "mbox_sha1sum", v => v.GetString()),
        OpenId = Opt(e, "openid", v => v.GetString()),
        Account = Opt(e, "account", v => new Account(v.GetProperty("homePage").GetString()!, v.GetProperty("name").GetString()!)),
        Member = Opt(e, "member", v => List(v, ReadAgent)),
    };

    private static Verb ReadVerb(JsonElement e) =>
        new(e.GetProperty("id").GetString()!, Opt(e, "display", ReadLanguageMap));

    private static IStatementObject ReadObject(JsonElement e)
    {
        var type = e.TryGetProperty("objectType", out var t) ? t.GetString() : "Activity";
        return type switch
        {
            "Activity" => ReadActivity(e),
            "Agent" => ReadAgent(e),
            "Group" => ReadGroup(e),
            "StatementRef" => ReadStatementRef(e),
            "SubStatement" => new SubStatement
            {
                Actor = ReadActor(e.GetProperty("actor")),
                Verb = ReadVerb(e.GetProperty("verb")),
                Object = ReadObject(e.GetProperty("object")),
                Result = Opt(e, "result", ReadResult),
                Context = Opt(e, "context", ReadContext),
                Timestamp = Opt(e, "timestamp", v => (XapiTimestamp?)XapiTimestamp.Parse(v.GetString()!)),
                Attachments = Opt(e, "attachments", v => List(v, ReadAttachment)),
            },
            _ => throw new FormatException($"Unknown objectType '{type}'."),
        };
    }

    private static StatementRef ReadStatementRef(JsonElement e) => new(e.GetProperty("id").GetGuid());

    private static Activity ReadActivity(JsonElement e) =>
        new(e.GetProperty("id").GetString()!, Opt(e, "definition", ReadDefinition)) { ObjectTypeWritten = e.TryGetProperty("objectType", out _) };

    private static ActivityDefinition ReadDefinition(JsonElement e) => new()
    {
        Name = Opt(e, "name", ReadLanguageMap),
        Description = Opt(e, "description", ReadLanguageMap),
        Type = Opt(e, "type", v => v.GetString()),
        MoreInfo = Opt(e, "moreInfo", v => v.GetString()),
        InteractionType = Opt(e, "interactionType", v => v.GetString()),
        CorrectResponsesPattern = Opt(e, "correctResponsesPattern", v => List(v, s => s.GetString()!)),
        Choices = Opt(e, "choices", ReadComponents),
        Scale = Opt(e, "scale", ReadComponents),
        Source = Opt(e, "source", ReadComponents),
        Target = Opt(e, "target", ReadComponents),
        Steps = Opt(e, "steps", ReadComponents),
        Extensions = Opt(e, "extensions", ReadExtensions),
    };

    private static IReadOnlyList<InteractionComponent> ReadComponents(JsonElement e) =>
        List(e, c => new InteractionComponent(c.GetProperty("id").GetString()!, Opt(c, "description", ReadLanguageMap)));

    private static Result ReadResult(JsonElement e) => new()
    {
        Score = Opt(e, "score", s => new Score(OptDouble(s, "scaled"), OptDouble(s, "raw"), OptDouble(s, "min"), OptDouble(s, "max"))),
        Success = Opt(e, "success", v => (bool?)v.GetBoolean()),
        Completion = Opt(e, "completion", v => (bool?)v.GetBoolean()),
        Response = Opt(e, "response", v => v.GetString()),
        Duration = Opt(e, "duration", v => XapiDuration.TryParse(v.GetString()!, out var d) ? (XapiDuration?)d : throw new FormatException("duration")),
        Extensions = Opt(e, "extensions", ReadExtensions),
    };

    private static Context ReadContext(JsonElement e) => new()
    {
        Registration = OptGuid(e, "registration"),
        Instructor = Opt(e, "instructor", ReadActor),
        Team = Opt(e, "team", ReadGroup),
        ContextActivities = Opt(e, "contextActivities", c => new ContextActivities
        {
            Parent = Opt(c, "parent", ReadActivities),
            Grouping = Opt(c, "grouping", ReadActivities),
            Category = Opt(c, "category", ReadActivities),
            Other = Opt(c, "other", ReadActivities),
        }),
        Revision = Opt(e, "revision", v => v.GetString()),
        Platform = Opt(e, "platform", v => v.GetString()),
        Language = Opt(e, "language", v => v.GetString()),
        Statement = Opt(e, "statement", ReadStatementRef),
        Extensions = Opt(e, "extensions", ReadExtensions),
        ContextAgents = Opt(e, "contextAgents", v => List(v, a => new ContextAgent(ReadAgent(a.GetProperty("agent")),
            Opt(a, "relevantTypes", r => List(r, s => s.GetString()!))))),
        ContextGroups = Opt(e, "contextGroups", v => List(v, g => new ContextGroup(ReadGroup(g.GetProperty("group")),
            Opt(g, "relevantTypes", r => List(r, s => s.GetString()!))))),
    };

    private static IReadOnlyList<Activity> ReadActivities(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? List(e, ReadActivity) : [ReadActivity(e)];

    private static Attachment ReadAttachment(JsonElement e) => new()
    {
        UsageType = e.GetProperty("usageType").GetString()!,
        Display = ReadLanguageMap(e.GetProperty("display")),
        Description = Opt(e, "description", ReadLanguageMap),
        ContentType = e.GetProperty("contentType").GetString()!,
        Length = e.GetProperty("length").GetInt64(),
        Sha2 = e.GetProperty("sha2").GetString()!,
        FileUrl = Opt(e, "fileUrl", v => v.GetString()),
    };

    private static LanguageMap ReadLanguageMap(JsonElement e) =>
        new(e.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)).ToList());

    private static Extensions ReadExtensions(JsonElement e) =>
        new(e.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.Clone())).ToList());

    private static List<T> List<T>(JsonElement e, Func<JsonElement, T> read)
    {
        var list = new List<T>(e.GetArrayLength());
        foreach (var item in e.EnumerateArray())
        {
            list.Add(read(item));
        }

        return list;
    }

    private static T? Opt<T>(JsonElement e, string name, Func<JsonElement, T> read) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? read(v) : default;

    private static Guid? OptGuid(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? Guid.Parse(v.GetString()!) : null;

    private static double? OptDouble(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.GetDouble() : null;
}

/// <summary>A statement (or batch) that breaks the specification; <see cref="Errors"/> name the paths.</summary>
public sealed class XapiValidationException(IReadOnlyList<XapiError> errors)
    : Exception(string.Join("; ", errors.Take(5).Select(e => e.ToString())) + (errors.Count > 5 ? $"; … {errors.Count - 5} more" : ""))
{
    public IReadOnlyList<XapiError> Errors { get; } = errors;
}
