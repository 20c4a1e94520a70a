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

    // Each object is read in one pass over its properties (a lookup per known name would scan the JSON again
    // for each): about twice as fast for a typical statement.
    public static Statement ReadStatement(JsonElement e)
    {
        Guid? id = null;
        Actor? actor = null;
        Verb? verb = null;
        IStatementObject? target = null;
        Result? result = null;
        Context? context = null;
        XapiTimestamp? timestamp = null, stored = null;
        Actor? authority = null;
        string? version = null;
        IReadOnlyList<Attachment>? attachments = null;
        foreach (var p in e.EnumerateObject())
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "id": id = v.GetGuid(); break;
                case "actor": actor = ReadActor(v); break;
                case "verb": verb = ReadVerb(v); break;
                case "object": target = ReadObject(v); break;
                case "result": result = ReadResult(v); break;
                case "context": context = ReadContext(v); break;
                case "timestamp": timestamp = XapiTimestamp.Parse(v.GetString()!); break;
                case "stored": stored = XapiTimestamp.Parse(v.GetString()!); break;
                case "authority": authority = ReadActor(v); break;
                case "version": version = v.GetString(); break;
                case "attachments": attachments = List(v, ReadAttachment); break;
            }
        }

        return new Statement
        {
            Id = id,
            Actor = actor ?? throw new FormatException("statement.actor is required"),
            Verb = verb ?? throw new FormatException("statement.verb is required"),
            Object = target ?? throw new FormatException("statement.object is required"),
            Result = result,
            Context = context,
            Timestamp = timestamp,
            Stored = stored,
            Authority = authority,
            Version = version,
            Attachments = attachments,
        };
    }

    public static Actor ReadActor(JsonElement e)
    {
        string? objectType = null, name = null, mbox = null, sha1 = null, openId = null;
        Account? account = null;
        List<Agent>? members = null;
        foreach (var p in e.EnumerateObject())
        {
            var v = p.Value;
            switch (p.Name)
            {
                case "objectType": objectType = v.GetString(); break;
                case "name": name = v.GetString(); break;
                case "mbox": mbox = v.GetString(); break;
                case "mbox_sha1sum": sha1 = v.GetString(); break;
                case "openid": openId = v.GetString(); break;
                case "account": account = ReadAccount(v); break;
                case "member": members = List(v, m => (Agent)ReadActor(m)); break;
            }
        }

        return objectType == "Group"
            ? new Group { Name = name, Mbox = mbox, MboxSha1Sum = sha1, OpenId = openId, Account = account, Member = members }
            : new Agent { ObjectTypeWritten = objectType is not null, Name = name, Mbox = mbox, MboxSha1Sum = sha1, OpenId = openId, Account = account };
    }

    private static Account ReadAccount(JsonElement e)
    {
        string? homePage = null, name = null;
        foreach (var p in e.EnumerateObject())
        {
            switch (p.Name)
            {
                case "homePage": homePage = p.Value.GetString(); break;
                case "name": name = p.Value.GetString(); break;
            }
        }

        return new Account(homePage!, name!);
    }

    private static Verb ReadVerb(JsonElement e)
    {
        string? id = null;
        LanguageMap? display = null;
        foreach (var p in e.EnumerateObject())
        {
            switch (p.Name)
            {
                case "id": id = p.Value.GetString(); break;
                case "display": display = ReadLanguageMap(p.Value); break;
            }
        }

        return new Verb(id!, display);
    }

    private static IStatementObject ReadObject(JsonElement e)
    {
        var type = e.TryGetProperty("objectType"u8, out var t) ? t.GetString() : "Activity";
        return type switch
        {
            "Activity" => ReadActivity(e),
            "Agent" => (Agent)ReadActor(e),
            "Group" => ReadActor(e),
            "StatementRef" => ReadStatementRef(e),
            "SubStatement" => ReadSubStatement(e),
            _ => throw new FormatException($"Unknown objectType '{type}'."),
        };
    }

    private static SubStatement ReadSubStatement(JsonElement e)
    {
        var statement = ReadStatement(e);
        return new SubStatement
        {
            Actor = statement.Actor,
            Verb = statement.Verb,
            Object = statement.Object,
            Result = statement.Result,
            Context = statement.Context,
            Timestamp = statement.Timestamp,
            Attachments = statement.Attachments,
        };
    }

    private static StatementRef ReadStatementRef(JsonElement e) => new(e.GetProperty("id"u8).GetGuid());

    private static Activity ReadActivity(JsonElement e)
    {
        string? id = null;
        ActivityDefinition? definition = null;
        var objectType = false;
        foreach (var p in e.EnumerateObject())
        {
            switch (p.Name)
            {
                case "id": id = p.Value.GetString(); break;
                case "definition": definition = ReadDefinition(p.Value); break;
                case "objectType": objectType = true; break;
            }
        }

        return new Activity(id!, definition) { ObjectTypeWritten = objectType };
    }

    private static ActivityDefinition ReadDefinition(JsonElement e)
    {
        var d = new ActivityDefinition();
        foreach (var p in e.EnumerateObject())
        {
            var v = p.Value;
            d = p.Name switch
            {
                "name" => d with { Name = ReadLanguageMap(v) },
                "description" => d with { Description = ReadLanguageMap(v) },
                "type" => d with { Type = v.GetString() },
                "moreInfo" => d with { MoreInfo = v.GetString() },
                "interactionType" => d with { InteractionType = v.GetString() },
                "correctResponsesPattern" => d with { CorrectResponsesPattern = List(v, s => s.GetString()!) },
                "choices" => d with { Choices = ReadComponents(v) },
                "scale" => d with { Scale = ReadComponents(v) },
                "source" => d with { Source = ReadComponents(v) },
                "target" => d with { Target = ReadComponents(v) },
                "steps" => d with { Steps = ReadComponents(v) },
                "extensions" => d with { Extensions = ReadExtensions(v) },
                _ => d,
            };
        }

        return d;
    }

    private static IReadOnlyList<InteractionComponent> ReadComponents(JsonElement e) =>
        List(e, c =>
        {
            string? id = null;
            LanguageMap? description = null;
            foreach (var p in c.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "id": id = p.Value.GetString(); break;
                    case "description": description = ReadLanguageMap(p.Value); break;
                }
            }

            return new InteractionComponent(id!, description);
        });

    private static Result ReadResult(JsonElement e)
    {
        var r = new Result();
        foreach (var p in e.EnumerateObject())
        {
            var v = p.Value;
            r = p.Name switch
            {
                "score" => r with { Score = ReadScore(v) },
                "success" => r with { Success = v.GetBoolean() },
                "completion" => r with { Completion = v.GetBoolean() },
                "response" => r with { Response = v.GetString() },
                "duration" => r with { Duration = XapiDuration.TryParse(v.GetString()!, out var d) ? d : throw new FormatException("duration") },
                "extensions" => r with { Extensions = ReadExtensions(v) },
                _ => r,
            };
        }

        return r;
    }

    private static Score ReadScore(JsonElement e)
    {
        double? scaled = null, raw = null, min = null, max = null;
        foreach (var p in e.EnumerateObject())
        {
            switch (p.Name)
            {
                case "scaled": scaled = p.Value.GetDouble(); break;
                case "raw": raw = p.Value.GetDouble(); break;
                case "min": min = p.Value.GetDouble(); break;
                case "max": max = p.Value.GetDouble(); break;
            }
        }

        return new Score(scaled, raw, min, max);
    }

    private static Context ReadContext(JsonElement e)
    {
        var c = new Context();
        foreach (var p in e.EnumerateObject())
        {
            var v = p.Value;
            c = p.Name switch
            {
                "registration" => c with { Registration = v.GetGuid() },
                "instructor" => c with { Instructor = ReadActor(v) },
                "team" => c with { Team = (Group)ReadActor(v) },
                "contextActivities" => c with { ContextActivities = ReadContextActivities(v) },
                "revision" => c with { Revision = v.GetString() },
                "platform" => c with { Platform = v.GetString() },
                "language" => c with { Language = v.GetString() },
                "statement" => c with { Statement = ReadStatementRef(v) },
                "extensions" => c with { Extensions = ReadExtensions(v) },
                "contextAgents" => c with
                {
                    ContextAgents = List(v, a => new ContextAgent((Agent)ReadActor(a.GetProperty("agent"u8)),
                        a.TryGetProperty("relevantTypes"u8, out var r) ? List(r, s => s.GetString()!) : null)),
                },
                "contextGroups" => c with
                {
                    ContextGroups = List(v, g => new ContextGroup((Group)ReadActor(g.GetProperty("group"u8)),
                        g.TryGetProperty("relevantTypes"u8, out var r) ? List(r, s => s.GetString()!) : null)),
                },
                _ => c,
            };
        }

        return c;
    }

    private static ContextActivities ReadContextActivities(JsonElement e)
    {
        var c = new ContextActivities();
        foreach (var p in e.EnumerateObject())
        {
            var list = ReadActivities(p.Value);
            c = p.Name switch
            {
                "parent" => c with { Parent = list },
                "grouping" => c with { Grouping = list },
                "category" => c with { Category = list },
                "other" => c with { Other = list },
                _ => c,
            };
        }

        return c;
    }

    private static IReadOnlyList<Activity> ReadActivities(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? List(e, ReadActivity) : [ReadActivity(e)];

    private static Attachment ReadAttachment(JsonElement e) => new()
    {
        UsageType = e.GetProperty("usageType"u8).GetString()!,
        Display = ReadLanguageMap(e.GetProperty("display"u8)),
        Description = e.TryGetProperty("description"u8, out var description) ? ReadLanguageMap(description) : null,
        ContentType = e.GetProperty("contentType"u8).GetString()!,
        Length = e.GetProperty("length"u8).GetInt64(),
        Sha2 = e.GetProperty("sha2"u8).GetString()!,
        FileUrl = e.TryGetProperty("fileUrl"u8, out var fileUrl) ? fileUrl.GetString() : null,
    };

    private static LanguageMap ReadLanguageMap(JsonElement e)
    {
        var entries = new List<KeyValuePair<string, string>>(2);
        foreach (var p in e.EnumerateObject())
        {
            entries.Add(KeyValuePair.Create(p.Name, p.Value.GetString()!));
        }

        return new LanguageMap(entries);
    }

    private static Extensions ReadExtensions(JsonElement e)
    {
        var entries = new List<KeyValuePair<string, JsonElement>>(2);
        foreach (var p in e.EnumerateObject())
        {
            entries.Add(KeyValuePair.Create(p.Name, p.Value.Clone()));
        }

        return new Extensions(entries);
    }

    private static List<T> List<T>(JsonElement e, Func<JsonElement, T> read)
    {
        var list = new List<T>(e.GetArrayLength());
        foreach (var item in e.EnumerateArray())
        {
            list.Add(read(item));
        }

        return list;
    }
}

/// <summary>A statement (or batch) that breaks the specification; <see cref="Errors"/> name the paths.</summary>
public sealed class XapiValidationException(IReadOnlyList<XapiError> errors)
    : Exception(string.Join("; ", errors.Take(5).Select(e => e.ToString())) + (errors.Count > 5 ? $"; … {errors.Count - 5} more" : ""))
{
    public IReadOnlyList<XapiError> Errors { get; } = errors;
}
