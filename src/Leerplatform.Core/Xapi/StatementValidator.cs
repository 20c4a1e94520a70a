using System.Text.Json;
using System.Text.RegularExpressions;

namespace Leerplatform.Core.Xapi;

/// <summary>One violation of the xAPI specification, with the JSON path of the property at fault.</summary>
public sealed record XapiError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
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
        walker.Statement(statement, path, sub: false);
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
            var path = $"statements[{index++}]";
            walker.Statement(statement, path, sub: false);
            if (statement.ValueKind == JsonValueKind.Object && statement.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.String && !ids.Add(id.GetString()!))
            {
                walker.Errors.Add(new XapiError(path + ".id", "the same id appears twice in one batch"));
            }
        }

        return walker.Errors;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>""{}|\\^`]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IriPattern();

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex UuidPattern();

    [GeneratedRegex(@"^mailto:[^@\s]+@[^@\s]+$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MailtoPattern();

    [GeneratedRegex(@"^[0-9a-fA-F]{40}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha1Pattern();

    [GeneratedRegex(@"^[0-9a-fA-F]{64,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha2Pattern();

    // RFC 5646 in its common shape: language, optional extlang/script/region/variants, private use.
    [GeneratedRegex(@"^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?$|^[xX](?:-[A-Za-z0-9]{1,8})+$|^und$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTagPattern();

    public static bool IsIri(string value) => IriPattern().IsMatch(value);

    public static bool IsUuid(string value) => UuidPattern().IsMatch(value);

    public static bool IsLanguageTag(string value) => LanguageTagPattern().IsMatch(value);

    private sealed class Walker(XapiVersion version)
    {
        public List<XapiError> Errors { get; } = [];

        private void Error(string path, string message) => Errors.Add(new XapiError(path, message));

        public void Statement(JsonElement e, string path, bool sub)
        {
            string[] keys = sub
                ? ["objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"]
                : ["id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version", "attachments"];
            if (!Object(e, path, keys))
            {
                return;
            }

            if (!sub && e.TryGetProperty("id", out var id))
            {
                Uuid(id, path + ".id");
            }

            Required(e, path, "actor", (v, p) => Actor(v, p));
            Required(e, path, "verb", Verb);
            var objectIsActivity = true;
            if (Required(e, path, "object", (v, p) => objectIsActivity = StatementObject(v, p, sub)))
            {
                var verbId = e.TryGetProperty("verb", out var verb) && verb.ValueKind == JsonValueKind.Object
                             && verb.TryGetProperty("id", out var vid) && vid.ValueKind == JsonValueKind.String ? vid.GetString() : null;
                if (verbId == VoidedVerb && ObjectType(e.GetProperty("object")) != "StatementRef")
                {
                    Error(path + ".object", "a voiding statement (verb voided) must have a StatementRef as object");
                }
            }

            Optional(e, path, "result", Result);
            Optional(e, path, "context", (v, p) => Context(v, p, objectIsActivity));
            Optional(e, path, "timestamp", Timestamp);
            if (!sub)
            {
                Optional(e, path, "stored", Timestamp);
                Optional(e, path, "authority", Authority);
                Optional(e, path, "version", (v, p) =>
                {
                    if (String(v, p) && !XapiVersions.IsAcceptableStatementVersion(v.GetString()!, version))
                    {
                        Error(p, $"'{v.GetString()}' is not a supported xAPI version for {version.ToText()}");
                    }
                });
            }

            Optional(e, path, "attachments", (v, p) => Array(v, p, Attachment));
        }

        private static string? ObjectType(JsonElement e) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty("objectType", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString()
                : null;

        /// <returns>Whether the object is an Activity (context revision/platform are allowed only then).</returns>
        private bool StatementObject(JsonElement e, string path, bool insideSubStatement)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Error(path, $"must be an object, not {Kind(e)}");
                return true;
            }

            var type = e.TryGetProperty("objectType", out var t) ? t : default;
            if (type.ValueKind != JsonValueKind.Undefined && type.ValueKind != JsonValueKind.String)
            {
                Error(path + ".objectType", $"must be a string, not {Kind(type)}");
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
                        Error(path + ".objectType", "a SubStatement cannot contain another SubStatement");
                        return false;
                    }

                    Statement(e, path, sub: true);
                    return false;
                default:
                    Error(path + ".objectType", $"'{type.GetString()}' is not Activity, Agent, Group, StatementRef or SubStatement");
                    return false;
            }
        }

        private void StatementRef(JsonElement e, string path)
        {
            if (Object(e, path, ["objectType", "id"]))
            {
                Const(e, path, "objectType", "StatementRef", required: true);
                Required(e, path, "id", Uuid);
            }
        }

        public void Actor(JsonElement e, string path)
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

        private void Authority(JsonElement e, string path)
        {
            Actor(e, path);
            if (e.ValueKind == JsonValueKind.Object && ObjectType(e) == "Group"
                && (!e.TryGetProperty("member", out var member) || member.ValueKind != JsonValueKind.Array || member.GetArrayLength() != 2))
            {
                Error(path, "a Group as authority must be an OAuth consumer and user pair of exactly two Agents");
            }
        }

        private void Agent(JsonElement e, string path)
        {
            if (!Object(e, path, ["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"]))
            {
                return;
            }

            Const(e, path, "objectType", "Agent", required: false);
            Optional(e, path, "name", (v, p) => String(v, p));
            var ifis = Identifiers(e, path);
            if (ifis != 1)
            {
                Error(path, ifis == 0
                    ? "an Agent needs exactly one identifier (mbox, mbox_sha1sum, openid or account)"
                    : "an Agent must have exactly one identifier, not several");
            }
        }

        private void Group(JsonElement e, string path)
        {
            if (!Object(e, path, ["objectType", "name", "member", "mbox", "mbox_sha1sum", "openid", "account"]))
            {
                return;
            }

            Const(e, path, "objectType", "Group", required: true);
            Optional(e, path, "name", (v, p) => String(v, p));
            var ifis = Identifiers(e, path);
            if (ifis > 1)
            {
                Error(path, "a Group must have at most one identifier");
            }

            var hasMember = e.TryGetProperty("member", out var members);
            if (ifis == 0 && !hasMember)
            {
                Error(path + ".member", "an anonymous Group (no identifier) must list its members");
            }

            if (hasMember)
            {
                Array(members, path + ".member", (m, p) =>
                {
                    if (ObjectType(m) == "Group")
                    {
                        Error(p + ".objectType", "members of a Group must be Agents, not Groups");
                    }
                    else
                    {
                        Agent(m, p);
                    }
                });
            }
        }

        private int Identifiers(JsonElement e, string path)
        {
            var count = 0;
            if (e.TryGetProperty("mbox", out var mbox))
            {
                count++;
                if (String(mbox, path + ".mbox") && !MailtoPattern().IsMatch(mbox.GetString()!))
                {
                    Error(path + ".mbox", "must be a mailto: IRI such as mailto:name@example.org");
                }
            }

            if (e.TryGetProperty("mbox_sha1sum", out var sha1))
            {
                count++;
                if (String(sha1, path + ".mbox_sha1sum") && !Sha1Pattern().IsMatch(sha1.GetString()!))
                {
                    Error(path + ".mbox_sha1sum", "must be the 40 hexadecimal digits of a SHA-1 hash");
                }
            }

            if (e.TryGetProperty("openid", out var openId))
            {
                count++;
                Iri(openId, path + ".openid");
            }

            if (e.TryGetProperty("account", out var account))
            {
                count++;
                if (Object(account, path + ".account", ["homePage", "name"]))
                {
                    Required(account, path + ".account", "homePage", Iri);
                    Required(account, path + ".account", "name", (v, p) => String(v, p));
                }
            }

            return count;
        }

        private void Verb(JsonElement e, string path)
        {
            if (Object(e, path, ["id", "display"]))
            {
                Required(e, path, "id", Iri);
                Optional(e, path, "display", LanguageMap);
            }
        }

        private void Activity(JsonElement e, string path)
        {
            if (Object(e, path, ["objectType", "id", "definition"]))
            {
                Const(e, path, "objectType", "Activity", required: false);
                Required(e, path, "id", Iri);
                Optional(e, path, "definition", Definition);
            }
        }

        private void Definition(JsonElement e, string path)
        {
            string[] components = ["choices", "scale", "source", "target", "steps"];
            if (!Object(e, path, ["name", "description", "type", "moreInfo", "extensions", "interactionType", "correctResponsesPattern", .. components]))
            {
                return;
            }

            Optional(e, path, "name", LanguageMap);
            Optional(e, path, "description", LanguageMap);
            Optional(e, path, "type", Iri);
            Optional(e, path, "moreInfo", Iri);
            Optional(e, path, "extensions", Extensions);
            string? interaction = null;
            Optional(e, path, "interactionType", (v, p) =>
            {
                if (String(v, p))
                {
                    interaction = v.GetString();
                    if (!InteractionTypes.All.Contains(interaction))
                    {
                        Error(p, $"'{interaction}' is not an interaction type ({string.Join(", ", InteractionTypes.All)})");
                    }
                }
            });
            Optional(e, path, "correctResponsesPattern", (v, p) =>
            {
                if (!e.TryGetProperty("interactionType", out _))
                {
                    Error(p, "requires interactionType");
                }

                Array(v, p, (s, sp) => String(s, sp));
            });

            var allowed = interaction switch
            {
                InteractionTypes.Choice or InteractionTypes.Sequencing => new[] { "choices" },
                InteractionTypes.Likert => ["scale"],
                InteractionTypes.Matching => ["source", "target"],
                InteractionTypes.Performance => ["steps"],
                _ => [],
            };
            foreach (var name in components)
            {
                if (!e.TryGetProperty(name, out var list))
                {
                    continue;
                }

                if (!allowed.Contains(name))
                {
                    Error(path + "." + name, interaction is null
                        ? "interaction components require interactionType"
                        : $"is not allowed for interactionType '{interaction}'");
                }

                var ids = new HashSet<string>(StringComparer.Ordinal);
                Array(list, path + "." + name, (c, cp) =>
                {
                    if (Object(c, cp, ["id", "description"]))
                    {
                        Required(c, cp, "id", (v, p) =>
                        {
                            if (String(v, p) && !ids.Add(v.GetString()!))
                            {
                                Error(p, $"'{v.GetString()}' is used twice in {name}");
                            }
                        });
                        Optional(c, cp, "description", LanguageMap);
                    }
                });
            }
        }

        private void Result(JsonElement e, string path)
        {
            if (!Object(e, path, ["score", "success", "completion", "response", "duration", "extensions"]))
            {
                return;
            }

            Optional(e, path, "score", Score);
            Optional(e, path, "success", Bool);
            Optional(e, path, "completion", Bool);
            Optional(e, path, "response", (v, p) => String(v, p));
            Optional(e, path, "duration", (v, p) =>
            {
                if (String(v, p) && !XapiDuration.TryParse(v.GetString()!, out _))
                {
                    Error(p, $"'{v.GetString()}' is not an ISO 8601 duration such as PT1M30S");
                }
            });
            Optional(e, path, "extensions", Extensions);
        }

        private void Score(JsonElement e, string path)
        {
            if (!Object(e, path, ["scaled", "raw", "min", "max"]))
            {
                return;
            }

            double? Number(string name)
            {
                if (!e.TryGetProperty(name, out var v))
                {
                    return null;
                }

                if (v.ValueKind != JsonValueKind.Number)
                {
                    Error(path + "." + name, $"must be a number, not {Kind(v)}");
                    return null;
                }

                return v.GetDouble();
            }

            var scaled = Number("scaled");
            var raw = Number("raw");
            var min = Number("min");
            var max = Number("max");
            if (scaled is < -1 or > 1)
            {
                Error(path + ".scaled", "must be between -1 and 1");
            }

            if (min is not null && max is not null && min >= max)
            {
                Error(path + ".max", "must be greater than min");
            }

            if (raw is not null && ((min is not null && raw < min) || (max is not null && raw > max)))
            {
                Error(path + ".raw", "must lie between min and max");
            }
        }

        private void Context(JsonElement e, string path, bool objectIsActivity)
        {
            List<string> keys = ["registration", "instructor", "team", "contextActivities", "revision", "platform", "language", "statement", "extensions"];
            if (version == XapiVersion.V2_0_0)
            {
                keys.AddRange(["contextAgents", "contextGroups"]);
            }

            if (!Object(e, path, [.. keys]))
            {
                return;
            }

            Optional(e, path, "registration", Uuid);
            Optional(e, path, "instructor", Actor);
            Optional(e, path, "team", (v, p) =>
            {
                if (ObjectType(v) != "Group")
                {
                    Error(p + ".objectType", "team must be a Group");
                }
                else
                {
                    Group(v, p);
                }
            });
            Optional(e, path, "contextActivities", ContextActivities);
            foreach (var name in new[] { "revision", "platform" })
            {
                Optional(e, path, name, (v, p) =>
                {
                    String(v, p);
                    if (!objectIsActivity)
                    {
                        Error(p, "is only allowed when the statement's object is an Activity");
                    }
                });
            }

            Optional(e, path, "language", (v, p) =>
            {
                if (String(v, p) && !IsLanguageTag(v.GetString()!))
                {
                    Error(p, $"'{v.GetString()}' is not an RFC 5646 language tag");
                }
            });
            Optional(e, path, "statement", StatementRef);
            Optional(e, path, "extensions", Extensions);
            Optional(e, path, "contextAgents", (v, p) => Array(v, p, (a, ap) =>
            {
                if (Object(a, ap, ["objectType", "agent", "relevantTypes"]))
                {
                    Const(a, ap, "objectType", "contextAgent", required: true);
                    Required(a, ap, "agent", Agent);
                    Optional(a, ap, "relevantTypes", RelevantTypes);
                }
            }));
            Optional(e, path, "contextGroups", (v, p) => Array(v, p, (g, gp) =>
            {
                if (Object(g, gp, ["objectType", "group", "relevantTypes"]))
                {
                    Const(g, gp, "objectType", "contextGroup", required: true);
                    Required(g, gp, "group", (x, xp) =>
                    {
                        if (ObjectType(x) != "Group")
                        {
                            Error(xp + ".objectType", "must be a Group");
                        }
                        else
                        {
                            Group(x, xp);
                        }
                    });
                    Optional(g, gp, "relevantTypes", RelevantTypes);
                }
            }));
        }

        private void RelevantTypes(JsonElement e, string path)
        {
            if (Array(e, path, Iri) && e.GetArrayLength() == 0)
            {
                Error(path, "must not be empty");
            }
        }

        private void ContextActivities(JsonElement e, string path)
        {
            if (!Object(e, path, ["parent", "grouping", "category", "other"]))
            {
                return;
            }

            foreach (var property in e.EnumerateObject())
            {
                var p = path + "." + property.Name;
                if (property.Value.ValueKind == JsonValueKind.Array)
                {
                    Array(property.Value, p, Activity);
                }
                else
                {
                    Activity(property.Value, p);
                }
            }
        }

        private void Attachment(JsonElement e, string path)
        {
            if (!Object(e, path, ["usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"]))
            {
                return;
            }

            Required(e, path, "usageType", Iri);
            Required(e, path, "display", LanguageMap);
            Optional(e, path, "description", LanguageMap);
            Required(e, path, "contentType", (v, p) => String(v, p));
            Required(e, path, "length", (v, p) =>
            {
                if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n) || n < 0)
                {
                    Error(p, "must be a whole number of octets, 0 or more");
                }
            });
            Required(e, path, "sha2", (v, p) =>
            {
                if (String(v, p) && !Sha2Pattern().IsMatch(v.GetString()!))
                {
                    Error(p, "must be a hexadecimal SHA-2 hash");
                }
            });
            Optional(e, path, "fileUrl", Iri);
        }

        private void Timestamp(JsonElement e, string path)
        {
            if (String(e, path) && !XapiTimestamp.TryParse(e.GetString()!, out _))
            {
                Error(path, $"'{e.GetString()}' is not an ISO 8601 timestamp with a time zone, such as 2026-11-30T10:15:00.000Z");
            }
        }

        private void LanguageMap(JsonElement e, string path)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Error(path, $"must be a language map (an object), not {Kind(e)}");
                return;
            }

            foreach (var entry in e.EnumerateObject())
            {
                if (!IsLanguageTag(entry.Name))
                {
                    Error(path + "." + entry.Name, $"'{entry.Name}' is not an RFC 5646 language tag");
                }

                String(entry.Value, path + "." + entry.Name);
            }
        }

        private void Extensions(JsonElement e, string path)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Error(path, $"must be an object, not {Kind(e)}");
                return;
            }

            foreach (var entry in e.EnumerateObject())
            {
                if (!IsIri(entry.Name))
                {
                    Error(path, $"extension key '{entry.Name}' is not an IRI");
                }
            }
        }

        private void Uuid(JsonElement e, string path)
        {
            if (String(e, path) && !IsUuid(e.GetString()!))
            {
                Error(path, $"'{e.GetString()}' is not a UUID");
            }
        }

        private void Iri(JsonElement e, string path)
        {
            if (String(e, path) && !IsIri(e.GetString()!))
            {
                Error(path, $"'{e.GetString()}' is not an absolute IRI");
            }
        }

        private void Bool(JsonElement e, string path)
        {
            if (e.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Error(path, $"must be true or false, not {Kind(e)}");
            }
        }

        private bool String(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.String)
            {
                return true;
            }

            Error(path, $"must be a string, not {Kind(e)}");
            return false;
        }

        private void Const(JsonElement e, string path, string name, string expected, bool required)
        {
            if (!e.TryGetProperty(name, out var v))
            {
                if (required)
                {
                    Error(path + "." + name, $"is required and must be \"{expected}\"");
                }

                return;
            }

            if (v.ValueKind != JsonValueKind.String || v.GetString() != expected)
            {
                Error(path + "." + name, $"must be \"{expected}\"");
            }
        }

        private bool Array(JsonElement e, string path, Action<JsonElement, string> item)
        {
            if (e.ValueKind != JsonValueKind.Array)
            {
                Error(path, $"must be an array, not {Kind(e)}");
                return false;
            }

            var index = 0;
            foreach (var element in e.EnumerateArray())
            {
                item(element, $"{path}[{index++}]");
            }

            return true;
        }

        private bool Object(JsonElement e, string path, string[] allowed)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Error(path, $"must be an object, not {Kind(e)}");
                return false;
            }

            foreach (var property in e.EnumerateObject())
            {
                if (System.Array.IndexOf(allowed, property.Name) < 0)
                {
                    Error(path + "." + property.Name, version == XapiVersion.V1_0_3 && property.Name is "contextAgents" or "contextGroups"
                        ? "is defined only in xAPI 2.0.0, not in 1.0.3"
                        : "is not a property xAPI defines here (put custom data in extensions)");
                }
                else if (property.Value.ValueKind == JsonValueKind.Null)
                {
                    Error(path + "." + property.Name, "must not be null (leave the property out instead)");
                }
            }

            return true;
        }

        private bool Required(JsonElement e, string path, string name, Action<JsonElement, string> check)
        {
            if (!e.TryGetProperty(name, out var v))
            {
                Error(path + "." + name, "is required");
                return false;
            }

            if (v.ValueKind != JsonValueKind.Null)
            {
                check(v, path + "." + name);
            }

            return true;
        }

        private static void Optional(JsonElement e, string path, string name, Action<JsonElement, string> check)
        {
            if (e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null)
            {
                check(v, path + "." + name);
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
