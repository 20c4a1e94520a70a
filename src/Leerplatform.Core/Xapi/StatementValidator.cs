using System.Text.Json;
using System.Text.RegularExpressions;

namespace Leerplatform.Core.Xapi;

/// <summary>One violation of the xAPI specification, with the JSON path of the property at fault.</summary>
public sealed record XapiError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>
/// A JSON path built only as far as needed: nodes are cheap, the text ("statement.actor.mbox") is made only
/// when an error is reported, so validating a valid statement allocates almost nothing for paths.
/// </summary>
internal sealed class JsonPath
{
    private readonly JsonPath? _parent;
    private readonly string? _name;
    private readonly int _index;

    private JsonPath(JsonPath? parent, string? name, int index)
    {
        _parent = parent;
        _name = name;
        _index = index;
    }

    public static JsonPath Root(string name) => new(null, name, -1);

    public JsonPath Child(string name) => new(this, name, -1);

    public JsonPath Item(int index) => new(this, null, index);

    public override string ToString()
    {
        var text = new System.Text.StringBuilder();
        Append(text);
        return text.ToString();
    }

    private void Append(System.Text.StringBuilder text)
    {
        if (_parent is not null)
        {
            _parent.Append(text);
            if (_name is not null)
            {
                text.Append('.');
            }
        }

        if (_name is not null)
        {
            text.Append(_name);
        }
        else
        {
            text.Append('[').Append(_index).Append(']');
        }
    }
}

/// <summary>
/// Checks a statement as raw JSON against the MUST requirements of xAPI 1.0.3 and 2.0.0 (data part), so that
/// every error names the property path ("statement.context.contextActivities.parent[0].id") and wrong JSON
/// types are reported rather than thrown. Properties outside extensions that the specification does not define
/// are errors in both versions: the 1.0.3 conformance suite and 2.0.0 both require rejecting them.
/// </summary>
public static partial class StatementValidator
{
    public const string VoidedVerb = "http://adlnet.gov/expapi/verbs/voided";

    public static IReadOnlyList<XapiError> Validate(JsonElement statement, XapiVersion version, string path = "statement")
    {
        var walker = new Walker(version);
        walker.Statement(statement, JsonPath.Root(path), sub: false);
        return walker.Errors;
    }

    /// <summary>Validates a POST body: one statement or an array of them (paths "statements[3].actor").</summary>
    public static IReadOnlyList<XapiError> ValidateBody(JsonElement body, XapiVersion version)
    {
        if (body.ValueKind != JsonValueKind.Array)
        {
            return Validate(body, version);
        }

        var walker = new Walker(version);
        var index = 0;
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var statement in body.EnumerateArray())
        {
            var path = JsonPath.Root("statements").Item(index++);
            walker.Statement(statement, path, sub: false);
            if (statement.ValueKind == JsonValueKind.Object && statement.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.String && !ids.Add(id.GetString()!))
            {
                walker.Errors.Add(new XapiError(path.Child("id").ToString(), "the same id appears twice in one batch"));
            }
        }

        return walker.Errors;
    }

    [GeneratedRegex(@"^mailto:[^@\s]+@[^@\s]+$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MailtoPattern();

    [GeneratedRegex(@"^[0-9a-fA-F]{40}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha1Pattern();

    [GeneratedRegex(@"^[0-9a-fA-F]{64,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha2Pattern();

    /// <summary>An absolute IRI: a scheme (letter, then letters, digits, + . -), a colon, and a rest without spaces or &lt;&gt;"{}|\^`.</summary>
    public static bool IsIri(string value)
    {
        var colon = value.IndexOf(':');
        if (colon < 1 || colon == value.Length - 1 || !char.IsAsciiLetter(value[0]))
        {
            return false;
        }

        for (var i = 1; i < colon; i++)
        {
            var c = value[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '.' or '-'))
            {
                return false;
            }
        }

        return value.AsSpan(colon + 1).IndexOfAny(IriForbidden) < 0;
    }

    private static readonly System.Buffers.SearchValues<char> IriForbidden = System.Buffers.SearchValues.Create(" \t\r\n<>\"{}|\\^`");

    /// <summary>8-4-4-4-12 hexadecimal digits.</summary>
    public static bool IsUuid(string value)
    {
        if (value.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < 36; i++)
        {
            var ok = i is 8 or 13 or 18 or 23 ? value[i] == '-' : char.IsAsciiHexDigit(value[i]);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A well-formed RFC 5646 tag: a primary subtag of 2–8 letters (or "x"/"i" for private use and grandfathered
    /// tags), then subtags of 1–8 letters or digits, where a one-character subtag (extension) is followed by more.
    /// </summary>
    public static bool IsLanguageTag(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        var first = true;
        var afterSingleton = false;
        foreach (var range in value.AsSpan().Split('-'))
        {
            var subtag = value.AsSpan(range);
            if (subtag.Length is 0 or > 8)
            {
                return false;
            }

            foreach (var c in subtag)
            {
                if (first ? !char.IsAsciiLetter(c) : !char.IsAsciiLetterOrDigit(c))
                {
                    return false;
                }
            }

            if (first && subtag.Length == 1 && subtag[0] is not ('x' or 'X' or 'i' or 'I'))
            {
                return false;
            }

            afterSingleton = subtag.Length == 1;
            first = false;
        }

        return !afterSingleton;
    }

    // The properties each object may have. Object() reads an object's properties once into slots aligned with
    // these lists, so later lookups are an index into a span instead of a scan of the JSON per property.
    private static readonly KeySet StatementKeys = new(["id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version", "attachments"]);
    private static readonly KeySet SubStatementKeys = new(["objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"]);
    private static readonly KeySet StatementRefKeys = new(["objectType", "id"]);
    private static readonly KeySet AgentKeys = new(["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"]);
    private static readonly KeySet GroupKeys = new(["objectType", "name", "member", "mbox", "mbox_sha1sum", "openid", "account"]);
    private static readonly KeySet AccountKeys = new(["homePage", "name"]);
    private static readonly KeySet VerbKeys = new(["id", "display"]);
    private static readonly KeySet ActivityKeys = new(["objectType", "id", "definition"]);
    private static readonly string[] ComponentNames = ["choices", "scale", "source", "target", "steps"];
    private static readonly KeySet DefinitionKeys = new(["name", "description", "type", "moreInfo", "extensions", "interactionType", "correctResponsesPattern", .. ComponentNames]);
    private static readonly KeySet ComponentKeys = new(["id", "description"]);
    private static readonly KeySet ResultKeys = new(["score", "success", "completion", "response", "duration", "extensions"]);
    private static readonly KeySet ScoreKeys = new(["scaled", "raw", "min", "max"]);
    private static readonly KeySet Context1Keys = new(["registration", "instructor", "team", "contextActivities", "revision", "platform", "language", "statement", "extensions"]);
    private static readonly KeySet Context2Keys = new([.. Context1Keys.Names, "contextAgents", "contextGroups"]);
    private static readonly KeySet ContextAgentKeys = new(["objectType", "agent", "relevantTypes"]);
    private static readonly KeySet ContextGroupKeys = new(["objectType", "group", "relevantTypes"]);
    private static readonly KeySet ContextActivitiesKeys = new(["parent", "grouping", "category", "other"]);
    private static readonly KeySet AttachmentKeys = new(["usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"]);

    /// <summary>Property names with their UTF-8 bytes, so matching a JSON property name needs no transcoding.</summary>
    private sealed class KeySet(string[] names)
    {
        public string[] Names { get; } = names;

        public byte[][] Utf8 { get; } = names.Select(System.Text.Encoding.UTF8.GetBytes).ToArray();
    }

    [System.Runtime.CompilerServices.InlineArray(12)]
    private struct Slots
    {
        private JsonElement _element;
    }

    /// <summary>An object's known properties, by name, from the slots Object() filled.</summary>
    private readonly ref struct Fields(KeySet keys, Span<JsonElement> values)
    {
        private readonly Span<JsonElement> _values = values;

        public KeySet Keys { get; } = keys;

        public void Set(int index, JsonElement value) => _values[index] = value;

        /// <summary>The property's value; false when it is absent or null (Object() reports null values itself).</summary>
        public bool TryGet(string name, out JsonElement value)
        {
            var index = System.Array.IndexOf(Keys.Names, name);
            value = index >= 0 ? _values[index] : default;
            return value.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null);
        }

        /// <summary>Absent altogether (a null value is reported as null, not also as missing).</summary>
        public bool IsMissing(string name)
        {
            var index = System.Array.IndexOf(Keys.Names, name);
            return index < 0 || _values[index].ValueKind == JsonValueKind.Undefined;
        }

        public bool Has(string name) => TryGet(name, out _);
    }

    private sealed class Walker(XapiVersion version)
    {
        public List<XapiError> Errors { get; } = [];

        private void Error(JsonPath path, string message) => Errors.Add(new XapiError(path.ToString(), message));

        public void Statement(JsonElement e, JsonPath path, bool sub)
        {
            var slots = new Slots();
            var f = new Fields(sub ? SubStatementKeys : StatementKeys, slots);
            if (!Object(e, path, f))
            {
                return;
            }

            if (!sub && f.TryGet("id", out var id))
            {
                Uuid(id, path.Child("id"));
            }

            if (f.TryGet("actor", out var actor))
            {
                Actor(actor, path.Child("actor"));
            }
            else if (f.IsMissing("actor"))
            {
                Error(path.Child("actor"), "is required");
            }

            if (f.TryGet("verb", out var verb))
            {
                Verb(verb, path.Child("verb"));
            }
            else if (f.IsMissing("verb"))
            {
                Error(path.Child("verb"), "is required");
            }

            var objectIsActivity = true;
            if (f.TryGet("object", out var target))
            {
                objectIsActivity = StatementObject(target, path.Child("object"), sub);
                var verbId = verb.ValueKind == JsonValueKind.Object && verb.TryGetProperty("id"u8, out var vid) && vid.ValueKind == JsonValueKind.String ? vid.GetString() : null;
                if (verbId == VoidedVerb && ObjectType(target) != "StatementRef")
                {
                    Error(path.Child("object"), "a voiding statement (verb voided) must have a StatementRef as object");
                }
            }
            else if (f.IsMissing("object"))
            {
                Error(path.Child("object"), "is required");
            }

            if (f.TryGet("result", out var result))
            {
                Result(result, path.Child("result"));
            }

            if (f.TryGet("context", out var context))
            {
                Context(context, path.Child("context"), objectIsActivity);
            }

            if (f.TryGet("timestamp", out var timestamp))
            {
                Timestamp(timestamp, path.Child("timestamp"));
            }

            if (!sub)
            {
                if (f.TryGet("stored", out var stored))
                {
                    Timestamp(stored, path.Child("stored"));
                }

                if (f.TryGet("authority", out var authority))
                {
                    Authority(authority, path.Child("authority"));
                }

                if (f.TryGet("version", out var v) && String(v, path.Child("version")) && !XapiVersions.IsAcceptableStatementVersion(v.GetString()!, version))
                {
                    Error(path.Child("version"), $"'{v.GetString()}' is not a supported xAPI version for {version.ToText()}");
                }
            }
            else
            {
                Const(f, path, "objectType", "SubStatement", required: true);
            }

            if (f.TryGet("attachments", out var attachments))
            {
                Array(attachments, path.Child("attachments"), Attachment);
            }
        }

        private static string? ObjectType(JsonElement e) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty("objectType"u8, out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString()
                : null;

        /// <returns>Whether the object is an Activity (context revision/platform are allowed only then).</returns>
        private bool StatementObject(JsonElement e, JsonPath path, bool insideSubStatement)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Error(path, $"must be an object, not {Kind(e)}");
                return true;
            }

            var type = e.TryGetProperty("objectType"u8, out var t) ? t : default;
            if (type.ValueKind != JsonValueKind.Undefined && type.ValueKind != JsonValueKind.String)
            {
                Error(path.Child("objectType"), $"must be a string, not {Kind(type)}");
                return true;
            }

            switch (type.ValueKind == JsonValueKind.String ? type.GetString() : "Activity")
            {
                case "Activity":
                    Activity(e, path);
                    return true;
                case "Agent":
                    Agent(e, path);
                    return false;
                case "Group":
                    Group(e, path);
                    return false;
                case "StatementRef":
                    StatementRef(e, path);
                    return false;
                case "SubStatement":
                    if (insideSubStatement)
                    {
                        Error(path.Child("objectType"), "a SubStatement cannot contain another SubStatement");
                        return false;
                    }

                    Statement(e, path, sub: true);
                    return false;
                default:
                    Error(path.Child("objectType"), $"'{type.GetString()}' is not Activity, Agent, Group, StatementRef or SubStatement");
                    return false;
            }
        }

        private void StatementRef(JsonElement e, JsonPath path)
        {
            var slots = new Slots();
            var f = new Fields(StatementRefKeys, slots);
            if (Object(e, path, f))
            {
                Const(f, path, "objectType", "StatementRef", required: true);
                if (f.TryGet("id", out var id))
                {
                    Uuid(id, path.Child("id"));
                }
                else if (f.IsMissing("id"))
                {
                    Error(path.Child("id"), "is required");
                }
            }
        }

        public void Actor(JsonElement e, JsonPath path)
        {
            if (e.ValueKind == JsonValueKind.Object && ObjectType(e) == "Group")
            {
                Group(e, path);
            }
            else
            {
                Agent(e, path);
            }
        }

        private void Authority(JsonElement e, JsonPath path)
        {
            Actor(e, path);
            if (e.ValueKind == JsonValueKind.Object && ObjectType(e) == "Group"
                && (!e.TryGetProperty("member"u8, out var member) || member.ValueKind != JsonValueKind.Array || member.GetArrayLength() != 2))
            {
                Error(path, "a Group as authority must be an OAuth consumer and user pair of exactly two Agents");
            }
        }

        private void Agent(JsonElement e, JsonPath path)
        {
            var slots = new Slots();
            var f = new Fields(AgentKeys, slots);
            if (!Object(e, path, f))
            {
                return;
            }

            Const(f, path, "objectType", "Agent", required: false);
            if (f.TryGet("name", out var name))
            {
                String(name, path.Child("name"));
            }

            var ifis = Identifiers(f, path);
            if (ifis != 1)
            {
                Error(path, ifis == 0
                    ? "an Agent needs exactly one identifier (mbox, mbox_sha1sum, openid or account)"
                    : "an Agent must have exactly one identifier, not several");
            }
        }

        private void Group(JsonElement e, JsonPath path)
        {
            var slots = new Slots();
            var f = new Fields(GroupKeys, slots);
            if (!Object(e, path, f))
            {
                return;
            }

            Const(f, path, "objectType", "Group", required: true);
            if (f.TryGet("name", out var name))
            {
                String(name, path.Child("name"));
            }

            var ifis = Identifiers(f, path);
            if (ifis > 1)
            {
                Error(path, "a Group must have at most one identifier");
            }

            var hasMember = f.TryGet("member", out var members);
            if (ifis == 0 && !hasMember)
            {
                Error(path.Child("member"), "an anonymous Group (no identifier) must list its members");
            }

            if (hasMember)
            {
                Array(members, path.Child("member"), (m, p) =>
                {
                    if (ObjectType(m) == "Group")
                    {
                        Error(p.Child("objectType"), "members of a Group must be Agents, not Groups");
                    }
                    else
                    {
                        Agent(m, p);
                    }
                });
            }
        }

        private int Identifiers(Fields f, JsonPath path)
        {
            var count = 0;
            if (f.TryGet("mbox", out var mbox))
            {
                count++;
                if (String(mbox, path.Child("mbox")) && !MailtoPattern().IsMatch(mbox.GetString()!))
                {
                    Error(path.Child("mbox"), "must be a mailto: IRI such as mailto:name@example.org");
                }
            }

            if (f.TryGet("mbox_sha1sum", out var sha1))
            {
                count++;
                if (String(sha1, path.Child("mbox_sha1sum")) && !Sha1Pattern().IsMatch(sha1.GetString()!))
                {
                    Error(path.Child("mbox_sha1sum"), "must be the 40 hexadecimal digits of a SHA-1 hash");
                }
            }

            if (f.TryGet("openid", out var openId))
            {
                count++;
                Iri(openId, path.Child("openid"));
            }

            if (f.TryGet("account", out var account))
            {
                count++;
                var slots = new Slots();
                var a = new Fields(AccountKeys, slots);
                var accountPath = path.Child("account");
                if (Object(account, accountPath, a))
                {
                    if (a.TryGet("homePage", out var homePage))
                    {
                        Iri(homePage, accountPath.Child("homePage"));
                    }
                    else if (a.IsMissing("homePage"))
                    {
                        Error(accountPath.Child("homePage"), "is required");
                    }

                    if (a.TryGet("name", out var accountName))
                    {
                        String(accountName, accountPath.Child("name"));
                    }
                    else if (a.IsMissing("name"))
                    {
                        Error(accountPath.Child("name"), "is required");
                    }
                }
            }

            return count;
        }

        private void Verb(JsonElement e, JsonPath path)
        {
            var slots = new Slots();
            var f = new Fields(VerbKeys, slots);
            if (Object(e, path, f))
            {
                if (f.TryGet("id", out var id))
                {
                    Iri(id, path.Child("id"));
                }
                else if (f.IsMissing("id"))
                {
                    Error(path.Child("id"), "is required");
                }

                if (f.TryGet("display", out var display))
                {
                    LanguageMap(display, path.Child("display"));
                }
            }
        }

        private void Activity(JsonElement e, JsonPath path)
        {
            var slots = new Slots();
            var f = new Fields(ActivityKeys, slots);
            if (Object(e, path, f))
            {
                Const(f, path, "objectType", "Activity", required: false);
                if (f.TryGet("id", out var id))
                {
                    Iri(id, path.Child("id"));
                }
                else if (f.IsMissing("id"))
                {
                    Error(path.Child("id"), "is required");
                }

                if (f.TryGet("definition", out var definition))
                {
                    Definition(definition, path.Child("definition"));
                }
            }
        }

        private void Definition(JsonElement e, JsonPath path)
        {
            var slots = new Slots();
            var f = new Fields(DefinitionKeys, slots);
            if (!Object(e, path, f))
            {
                return;
            }

            if (f.TryGet("name", out var name))
            {
                LanguageMap(name, path.Child("name"));
            }

            if (f.TryGet("description", out var description))
            {
                LanguageMap(description, path.Child("description"));
            }

            if (f.TryGet("type", out var type))
            {
                Iri(type, path.Child("type"));
            }

            if (f.TryGet("moreInfo", out var moreInfo))
            {
                Iri(moreInfo, path.Child("moreInfo"));
            }

            if (f.TryGet("extensions", out var extensions))
            {
                Extensions(extensions, path.Child("extensions"));
            }

            string? interaction = null;
            if (f.TryGet("interactionType", out var interactionType) && String(interactionType, path.Child("interactionType")))
            {
                interaction = interactionType.GetString();
                if (!InteractionTypes.All.Contains(interaction))
                {
                    Error(path.Child("interactionType"), $"'{interaction}' is not an interaction type ({string.Join(", ", InteractionTypes.All)})");
                }
            }

            if (f.TryGet("correctResponsesPattern", out var patterns))
            {
                if (!f.Has("interactionType"))
                {
                    Error(path.Child("correctResponsesPattern"), "requires interactionType");
                }

                Array(patterns, path.Child("correctResponsesPattern"), (s, sp) => String(s, sp));
            }

            var allowed = interaction switch
            {
                InteractionTypes.Choice or InteractionTypes.Sequencing => "choices",
                InteractionTypes.Likert => "scale",
                InteractionTypes.Matching => "source target",
                InteractionTypes.Performance => "steps",
                _ => string.Empty,
            };
            foreach (var component in ComponentNames)
            {
                if (!f.TryGet(component, out var list))
                {
                    continue;
                }

                var listPath = path.Child(component);
                if (!allowed.Split(' ').Contains(component))
                {
                    Error(listPath, interaction is null
                        ? "interaction components require interactionType"
                        : $"is not allowed for interactionType '{interaction}'");
                }

                var ids = new HashSet<string>(StringComparer.Ordinal);
                Array(list, listPath, (c, cp) => Component(c, cp, ids, component));
            }
        }

        private void Component(JsonElement e, JsonPath path, HashSet<string> ids, string list)
        {
            var slots = new Slots();
            var f = new Fields(ComponentKeys, slots);
            if (!Object(e, path, f))
            {
                return;
            }

            if (!f.TryGet("id", out var id))
            {
                if (f.IsMissing("id"))
                {
                    Error(path.Child("id"), "is required");
                }
            }
            else if (String(id, path.Child("id")) && !ids.Add(id.GetString()!))
            {
                Error(path.Child("id"), $"'{id.GetString()}' is used twice in {list}");
            }

            if (f.TryGet("description", out var description))
            {
                LanguageMap(description, path.Child("description"));
            }
        }

        private void Result(JsonElement e, JsonPath path)
        {
            var slots = new Slots();
            var f = new Fields(ResultKeys, slots);
            if (!Object(e, path, f))
            {
                return;
            }

            if (f.TryGet("score", out var score))
            {
                Score(score, path.Child("score"));
            }

            if (f.TryGet("success", out var success))
            {
                Bool(success, path.Child("success"));
            }

            if (f.TryGet("completion", out var completion))
            {
                Bool(completion, path.Child("completion"));
            }

            if (f.TryGet("response", out var response))
            {
                String(response, path.Child("response"));
            }

            if (f.TryGet("duration", out var duration) && String(duration, path.Child("duration")) && !XapiDuration.TryParse(duration.GetString()!, out _))
            {
                Error(path.Child("duration"), $"'{duration.GetString()}' is not an ISO 8601 duration such as PT1M30S");
            }

            if (f.TryGet("extensions", out var extensions))
            {
                Extensions(extensions, path.Child("extensions"));
            }
        }

        private void Score(JsonElement e, JsonPath path)
        {
            var slots = new Slots();
            var f = new Fields(ScoreKeys, slots);
            if (!Object(e, path, f))
            {
                return;
            }

            var scaled = Number(f, path, "scaled");
            var raw = Number(f, path, "raw");
            var min = Number(f, path, "min");
            var max = Number(f, path, "max");
            if (scaled is < -1 or > 1)
            {
                Error(path.Child("scaled"), "must be between -1 and 1");
            }

            if (min is not null && max is not null && min >= max)
            {
                Error(path.Child("max"), "must be greater than min");
            }

            if (raw is not null && ((min is not null && raw < min) || (max is not null && raw > max)))
            {
                Error(path.Child("raw"), "must lie between min and max");
            }
        }

        private double? Number(Fields f, JsonPath path, string name)
        {
            if (!f.TryGet(name, out var v))
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.Number)
            {
                Error(path.Child(name), $"must be a number, not {Kind(v)}");
                return null;
            }

            return v.GetDouble();
        }

        private void Context(JsonElement e, JsonPath path, bool objectIsActivity)
        {
            var slots = new Slots();
            var f = new Fields(version == XapiVersion.V2_0_0 ? Context2Keys : Context1Keys, slots);
            if (!Object(e, path, f))
            {
                return;
            }

            if (f.TryGet("registration", out var registration))
            {
                Uuid(registration, path.Child("registration"));
            }

            if (f.TryGet("instructor", out var instructor))
            {
                Actor(instructor, path.Child("instructor"));
            }

            if (f.TryGet("team", out var team))
            {
                if (ObjectType(team) != "Group")
                {
                    Error(path.Child("team").Child("objectType"), "team must be a Group");
                }
                else
                {
                    Group(team, path.Child("team"));
                }
            }

            if (f.TryGet("contextActivities", out var contextActivities))
            {
                ContextActivities(contextActivities, path.Child("contextActivities"));
            }

            foreach (var name in (ReadOnlySpan<string>)["revision", "platform"])
            {
                if (f.TryGet(name, out var value))
                {
                    String(value, path.Child(name));
                    if (!objectIsActivity)
                    {
                        Error(path.Child(name), "is only allowed when the statement's object is an Activity");
                    }
                }
            }

            if (f.TryGet("language", out var language) && String(language, path.Child("language")) && !IsLanguageTag(language.GetString()!))
            {
                Error(path.Child("language"), $"'{language.GetString()}' is not an RFC 5646 language tag");
            }

            if (f.TryGet("statement", out var statement))
            {
                StatementRef(statement, path.Child("statement"));
            }

            if (f.TryGet("extensions", out var extensions))
            {
                Extensions(extensions, path.Child("extensions"));
            }

            if (f.TryGet("contextAgents", out var agents))
            {
                Array(agents, path.Child("contextAgents"), ContextAgent);
            }

            if (f.TryGet("contextGroups", out var groups))
            {
                Array(groups, path.Child("contextGroups"), ContextGroup);
            }
        }

        private void ContextAgent(JsonElement e, JsonPath path)
        {
            var slots = new Slots();
            var f = new Fields(ContextAgentKeys, slots);
            if (!Object(e, path, f))
            {
                return;
            }

            Const(f, path, "objectType", "contextAgent", required: true);
            if (f.TryGet("agent", out var agent))
            {
                Agent(agent, path.Child("agent"));
            }
            else if (f.IsMissing("agent"))
            {
                Error(path.Child("agent"), "is required");
            }

            if (f.TryGet("relevantTypes", out var types))
            {
                RelevantTypes(types, path.Child("relevantTypes"));
            }
        }

        private void ContextGroup(JsonElement e, JsonPath path)
        {
            var slots = new Slots();
            var f = new Fields(ContextGroupKeys, slots);
            if (!Object(e, path, f))
            {
                return;
            }

            Const(f, path, "objectType", "contextGroup", required: true);
            if (!f.TryGet("group", out var group))
            {
                if (f.IsMissing("group"))
                {
                    Error(path.Child("group"), "is required");
                }
            }
            else if (ObjectType(group) != "Group")
            {
                Error(path.Child("group").Child("objectType"), "must be a Group");
            }
            else
            {
                Group(group, path.Child("group"));
            }

            if (f.TryGet("relevantTypes", out var types))
            {
                RelevantTypes(types, path.Child("relevantTypes"));
            }
        }

        private void RelevantTypes(JsonElement e, JsonPath path)
        {
            if (Array(e, path, Iri) && e.GetArrayLength() == 0)
            {
                Error(path, "must not be empty");
            }
        }

        private void ContextActivities(JsonElement e, JsonPath path)
        {
            var slots = new Slots();
            var f = new Fields(ContextActivitiesKeys, slots);
            if (!Object(e, path, f))
            {
                return;
            }

            foreach (var name in ContextActivitiesKeys.Names)
            {
                if (!f.TryGet(name, out var value))
                {
                    continue;
                }

                if (value.ValueKind == JsonValueKind.Array)
                {
                    Array(value, path.Child(name), Activity);
                }
                else
                {
                    Activity(value, path.Child(name));
                }
            }
        }

        private void Attachment(JsonElement e, JsonPath path)
        {
            var slots = new Slots();
            var f = new Fields(AttachmentKeys, slots);
            if (!Object(e, path, f))
            {
                return;
            }

            Required(f, path, "usageType", Iri);
            Required(f, path, "display", LanguageMap);
            if (f.TryGet("description", out var description))
            {
                LanguageMap(description, path.Child("description"));
            }

            Required(f, path, "contentType", (v, p) => String(v, p));
            Required(f, path, "length", (v, p) =>
            {
                if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n) || n < 0)
                {
                    Error(p, "must be a whole number of octets, 0 or more");
                }
            });
            Required(f, path, "sha2", (v, p) =>
            {
                if (String(v, p) && !Sha2Pattern().IsMatch(v.GetString()!))
                {
                    Error(p, "must be a hexadecimal SHA-2 hash");
                }
            });
            if (f.TryGet("fileUrl", out var fileUrl))
            {
                Iri(fileUrl, path.Child("fileUrl"));
            }
        }

        private void Timestamp(JsonElement e, JsonPath path)
        {
            if (String(e, path) && !XapiTimestamp.TryParse(e.GetString()!, out _))
            {
                Error(path, $"'{e.GetString()}' is not an ISO 8601 timestamp with a time zone, such as 2026-11-30T10:15:00.000Z");
            }
        }

        private void LanguageMap(JsonElement e, JsonPath path)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Error(path, $"must be a language map (an object), not {Kind(e)}");
                return;
            }

            foreach (var entry in e.EnumerateObject())
            {
                var tag = entry.Name;
                if (!IsLanguageTag(tag))
                {
                    Error(path.Child(tag), $"'{tag}' is not an RFC 5646 language tag");
                }

                if (entry.Value.ValueKind != JsonValueKind.String)
                {
                    String(entry.Value, path.Child(tag));
                }
            }
        }

        private void Extensions(JsonElement e, JsonPath path)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Error(path, $"must be an object, not {Kind(e)}");
                return;
            }

            foreach (var entry in e.EnumerateObject())
            {
                var key = entry.Name;
                if (!IsIri(key))
                {
                    Error(path, $"extension key '{key}' is not an IRI");
                }
            }
        }

        private void Uuid(JsonElement e, JsonPath path)
        {
            if (String(e, path) && !IsUuid(e.GetString()!))
            {
                Error(path, $"'{e.GetString()}' is not a UUID");
            }
        }

        private void Iri(JsonElement e, JsonPath path)
        {
            if (String(e, path) && !IsIri(e.GetString()!))
            {
                Error(path, $"'{e.GetString()}' is not an absolute IRI");
            }
        }

        private void Bool(JsonElement e, JsonPath path)
        {
            if (e.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Error(path, $"must be true or false, not {Kind(e)}");
            }
        }

        private bool String(JsonElement e, JsonPath path)
        {
            if (e.ValueKind == JsonValueKind.String)
            {
                return true;
            }

            Error(path, $"must be a string, not {Kind(e)}");
            return false;
        }

        private void Const(Fields f, JsonPath path, string name, string expected, bool required)
        {
            if (!f.TryGet(name, out var v))
            {
                if (required && f.IsMissing(name))
                {
                    Error(path.Child(name), $"is required and must be \"{expected}\"");
                }

                return;
            }

            if (v.ValueKind != JsonValueKind.String || !v.ValueEquals(expected))
            {
                Error(path.Child(name), $"must be \"{expected}\"");
            }
        }

        private bool Array(JsonElement e, JsonPath path, Action<JsonElement, JsonPath> item)
        {
            if (e.ValueKind != JsonValueKind.Array)
            {
                Error(path, $"must be an array, not {Kind(e)}");
                return false;
            }

            var index = 0;
            foreach (var element in e.EnumerateArray())
            {
                item(element, path.Item(index++));
            }

            return true;
        }

        /// <summary>
        /// Checks that <paramref name="e"/> is an object with only the properties in <paramref name="f"/>'s keys,
        /// none of them null, and records where each one is.
        /// </summary>
        private bool Object(JsonElement e, JsonPath path, Fields f)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Error(path, $"must be an object, not {Kind(e)}");
                return false;
            }

            foreach (var property in e.EnumerateObject())
            {
                var index = -1;
                var keys = f.Keys.Names;
                var utf8 = f.Keys.Utf8;
                for (var i = 0; i < utf8.Length; i++)
                {
                    if (property.NameEquals(utf8[i]))
                    {
                        index = i;
                        break;
                    }
                }

                if (index < 0)
                {
                    var name = property.Name;
                    Error(path.Child(name), version == XapiVersion.V1_0_3 && name is "contextAgents" or "contextGroups"
                        ? "is defined only in xAPI 2.0.0, not in 1.0.3"
                        : "is not a property xAPI defines here (put custom data in extensions)");
                }
                else
                {
                    if (property.Value.ValueKind == JsonValueKind.Null)
                    {
                        Error(path.Child(keys[index]), "must not be null (leave the property out instead)");
                    }

                    f.Set(index, property.Value);
                }
            }

            return true;
        }

        private void Required(Fields f, JsonPath path, string name, Action<JsonElement, JsonPath> check)
        {
            if (f.TryGet(name, out var v))
            {
                check(v, path.Child(name));
            }
            else if (f.IsMissing(name))
            {
                Error(path.Child(name), "is required");
            }
        }

        private static string Kind(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => "nothing",
        };
    }
}
