using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Leerplatform.Core.Xapi;

/// <summary>The <c>format</c> parameter of GET statements.</summary>
public enum StatementFormat
{
    /// <summary>As stored.</summary>
    Exact,

    /// <summary>Agents and Groups by identifier only, Activities and Verbs by id only.</summary>
    Ids,

    /// <summary>Language maps reduced to the one language the reader asked for.</summary>
    Canonical,
}

/// <param name="Format">exact, ids or canonical.</param>
/// <param name="Languages">For canonical: the reader's languages in order of preference.</param>
/// <param name="Target">
/// The version the reader speaks. For 1.0.3 the 2.0.0-only context agents and groups move into context
/// extensions (<see cref="XapiJsonWriter.ContextAgentsExtension"/>) so nothing is lost, and a 2.x
/// <c>version</c> property is left out.
/// </param>
/// <param name="ForForwarding">Leave out stored, authority and version: the receiving LRS sets its own.</param>
public sealed record XapiWriteOptions(
    StatementFormat Format = StatementFormat.Exact,
    IReadOnlyList<string>? Languages = null,
    XapiVersion Target = XapiVersion.V2_0_0,
    bool ForForwarding = false)
{
    public static readonly XapiWriteOptions Default = new();
}

/// <summary>Writes the model as xAPI JSON with <see cref="Utf8JsonWriter"/>, in the property order of the specification.</summary>
public static class XapiJsonWriter
{
    public const string ContextAgentsExtension = "urn:leerplatform:xapi:context-agents";
    public const string ContextGroupsExtension = "urn:leerplatform:xapi:context-groups";

    /// <summary>Non-ASCII text stays readable (Dutch names, "é"); HTML-sensitive characters are still escaped.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToJson(Statement statement, XapiWriteOptions? options = null)
    {
        var (buffer, writer) = _cached ??= (new ArrayBufferWriter<byte>(4096), new Utf8JsonWriter(Stream.Null, WriterOptions));
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        Write(writer, statement, options ?? XapiWriteOptions.Default);
        writer.Flush();
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? _cached;

    /// <summary>UTF-8 JSON of the statement; the working buffer is reused per thread (statements are written by the million in exports and ingest).</summary>
    public static byte[] ToUtf8(Statement statement, XapiWriteOptions? options = null)
    {
        var (buffer, writer) = _cached ??= (new ArrayBufferWriter<byte>(4096), new Utf8JsonWriter(Stream.Null, WriterOptions));
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        Write(writer, statement, options ?? XapiWriteOptions.Default);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter w, Statement s, XapiWriteOptions o)
    {
        w.WriteStartObject();
        if (s.Id is { } id)
        {
            w.WriteString("id", Uuid(id));
        }

        w.WritePropertyName("actor");
        WriteActor(w, s.Actor, o);
        w.WritePropertyName("verb");
        WriteVerb(w, s.Verb, o);
        w.WritePropertyName("object");
        WriteObject(w, s.Object, o);
        WriteRest(w, s.Result, s.Context, s.Timestamp, o);
        if (!o.ForForwarding)
        {
            if (s.Stored is { } stored)
            {
                w.WriteString("stored", stored.Text);
            }

            if (s.Authority is not null)
            {
                w.WritePropertyName("authority");
                WriteActor(w, s.Authority, o);
            }

            if (s.Version is not null && XapiVersions.IsAcceptableStatementVersion(s.Version, o.Target))
            {
                w.WriteString("version", s.Version);
            }
        }

        WriteAttachments(w, s.Attachments, o);
        w.WriteEndObject();
    }

    public static string Uuid(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    private static void WriteRest(Utf8JsonWriter w, Result? result, Context? context, XapiTimestamp? timestamp, XapiWriteOptions o)
    {
        if (result is not null)
        {
            w.WritePropertyName("result");
            WriteResult(w, result);
        }

        if (context is not null)
        {
            w.WritePropertyName("context");
            WriteContext(w, context, o);
        }

        if (timestamp is { } t)
        {
            w.WriteString("timestamp", t.Text);
        }
    }

    public static void WriteActor(Utf8JsonWriter w, Actor actor, XapiWriteOptions o)
    {
        w.WriteStartObject();
        if (actor is Group group)
        {
            w.WriteString("objectType", "Group");
        }
        else if (actor is Agent { ObjectTypeWritten: true })
        {
            w.WriteString("objectType", "Agent");
        }

        // ids format keeps only what identifies the actor; an anonymous group is identified by its members.
        if (actor.Name is not null && o.Format != StatementFormat.Ids)
        {
            w.WriteString("name", actor.Name);
        }

        if (actor.Mbox is not null)
        {
            w.WriteString("mbox", actor.Mbox);
        }

        if (actor.MboxSha1Sum is not null)
        {
            w.WriteString("mbox_sha1sum", actor.MboxSha1Sum);
        }

        if (actor.OpenId is not null)
        {
            w.WriteString("openid", actor.OpenId);
        }

        if (actor.Account is not null)
        {
            w.WriteStartObject("account");
            w.WriteString("homePage", actor.Account.HomePage);
            w.WriteString("name", actor.Account.Name);
            w.WriteEndObject();
        }

        if (actor is Group { Member: not null } g && (o.Format != StatementFormat.Ids || g.IsAnonymous))
        {
            w.WriteStartArray("member");
            foreach (var member in g.Member)
            {
                WriteActor(w, member, o);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteVerb(Utf8JsonWriter w, Verb verb, XapiWriteOptions o)
    {
        w.WriteStartObject();
        w.WriteString("id", verb.Id);
        if (verb.Display is not null && o.Format != StatementFormat.Ids)
        {
            WriteLanguageMap(w, "display", verb.Display, o);
        }

        w.WriteEndObject();
    }

    private static void WriteObject(Utf8JsonWriter w, IStatementObject target, XapiWriteOptions o)
    {
        switch (target)
        {
            case Activity activity:
                WriteActivity(w, activity, o);
                break;
            case Actor actor:
                WriteActor(w, actor is Agent agent ? agent with { ObjectTypeWritten = true } : actor, o);
                break;
            case StatementRef reference:
                WriteStatementRef(w, reference);
                break;
            case SubStatement sub:
                w.WriteStartObject();
                w.WriteString("objectType", "SubStatement");
                w.WritePropertyName("actor");
                WriteActor(w, sub.Actor, o);
                w.WritePropertyName("verb");
                WriteVerb(w, sub.Verb, o);
                w.WritePropertyName("object");
                WriteObject(w, sub.Object, o);
                WriteRest(w, sub.Result, sub.Context, sub.Timestamp, o);
                WriteAttachments(w, sub.Attachments, o);
                w.WriteEndObject();
                break;
            default:
                throw new ArgumentException($"Unknown statement object {target.GetType().Name}.", nameof(target));
        }
    }

    private static void WriteStatementRef(Utf8JsonWriter w, StatementRef reference)
    {
        w.WriteStartObject();
        w.WriteString("objectType", "StatementRef");
        w.WriteString("id", Uuid(reference.Id));
        w.WriteEndObject();
    }

    private static void WriteActivity(Utf8JsonWriter w, Activity activity, XapiWriteOptions o)
    {
        w.WriteStartObject();
        if (activity.ObjectTypeWritten)
        {
            w.WriteString("objectType", "Activity");
        }

        w.WriteString("id", activity.Id);
        if (activity.Definition is { } d && o.Format != StatementFormat.Ids)
        {
            w.WriteStartObject("definition");
            if (d.Name is not null)
            {
                WriteLanguageMap(w, "name", d.Name, o);
            }

            if (d.Description is not null)
            {
                WriteLanguageMap(w, "description", d.Description, o);
            }

            if (d.Type is not null)
            {
                w.WriteString("type", d.Type);
            }

            if (d.MoreInfo is not null)
            {
                w.WriteString("moreInfo", d.MoreInfo);
            }

            if (d.InteractionType is not null)
            {
                w.WriteString("interactionType", d.InteractionType);
            }

            if (d.CorrectResponsesPattern is not null)
            {
                w.WriteStartArray("correctResponsesPattern");
                foreach (var pattern in d.CorrectResponsesPattern)
                {
                    w.WriteStringValue(pattern);
                }

                w.WriteEndArray();
            }

            WriteComponents(w, "choices", d.Choices, o);
            WriteComponents(w, "scale", d.Scale, o);
            WriteComponents(w, "source", d.Source, o);
            WriteComponents(w, "target", d.Target, o);
            WriteComponents(w, "steps", d.Steps, o);
            WriteExtensions(w, d.Extensions);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteComponents(Utf8JsonWriter w, string name, IReadOnlyList<InteractionComponent>? components, XapiWriteOptions o)
    {
        if (components is null)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var component in components)
        {
            w.WriteStartObject();
            w.WriteString("id", component.Id);
            if (component.Description is not null)
            {
                WriteLanguageMap(w, "description", component.Description, o);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteResult(Utf8JsonWriter w, Result r)
    {
        w.WriteStartObject();
        if (r.Score is { } score)
        {
            w.WriteStartObject("score");
            WriteNumber(w, "scaled", score.Scaled);
            WriteNumber(w, "raw", score.Raw);
            WriteNumber(w, "min", score.Min);
            WriteNumber(w, "max", score.Max);
            w.WriteEndObject();
        }

        if (r.Success is { } success)
        {
            w.WriteBoolean("success", success);
        }

        if (r.Completion is { } completion)
        {
            w.WriteBoolean("completion", completion);
        }

        if (r.Response is not null)
        {
            w.WriteString("response", r.Response);
        }

        if (r.Duration is { } duration)
        {
            w.WriteString("duration", duration.Text);
        }

        WriteExtensions(w, r.Extensions);
        w.WriteEndObject();
    }

    private static void WriteContext(Utf8JsonWriter w, Context c, XapiWriteOptions o)
    {
        w.WriteStartObject();
        if (c.Registration is { } registration)
        {
            w.WriteString("registration", Uuid(registration));
        }

        if (c.Instructor is not null)
        {
            w.WritePropertyName("instructor");
            WriteActor(w, c.Instructor, o);
        }

        if (c.Team is not null)
        {
            w.WritePropertyName("team");
            WriteActor(w, c.Team, o);
        }

        if (c.ContextActivities is { } ca)
        {
            w.WriteStartObject("contextActivities");
            WriteActivities(w, "parent", ca.Parent, o);
            WriteActivities(w, "grouping", ca.Grouping, o);
            WriteActivities(w, "category", ca.Category, o);
            WriteActivities(w, "other", ca.Other, o);
            w.WriteEndObject();
        }

        if (c.Revision is not null)
        {
            w.WriteString("revision", c.Revision);
        }

        if (c.Platform is not null)
        {
            w.WriteString("platform", c.Platform);
        }

        if (c.Language is not null)
        {
            w.WriteString("language", c.Language);
        }

        if (c.Statement is not null)
        {
            w.WritePropertyName("statement");
            WriteStatementRef(w, c.Statement);
        }

        var downgrade = o.Target == XapiVersion.V1_0_3 && (c.ContextAgents is not null || c.ContextGroups is not null);
        if (downgrade)
        {
            w.WriteStartObject("extensions");
            foreach (var entry in c.Extensions?.Entries ?? [])
            {
                w.WritePropertyName(entry.Key);
                entry.Value.WriteTo(w);
            }

            if (c.ContextAgents is not null)
            {
                w.WritePropertyName(ContextAgentsExtension);
                WriteContextAgents(w, c.ContextAgents, o);
            }

            if (c.ContextGroups is not null)
            {
                w.WritePropertyName(ContextGroupsExtension);
                WriteContextGroups(w, c.ContextGroups, o);
            }

            w.WriteEndObject();
        }
        else
        {
            WriteExtensions(w, c.Extensions);
            if (c.ContextAgents is not null)
            {
                w.WritePropertyName("contextAgents");
                WriteContextAgents(w, c.ContextAgents, o);
            }

            if (c.ContextGroups is not null)
            {
                w.WritePropertyName("contextGroups");
                WriteContextGroups(w, c.ContextGroups, o);
            }
        }

        w.WriteEndObject();
    }

    private static void WriteContextAgents(Utf8JsonWriter w, IReadOnlyList<ContextAgent> agents, XapiWriteOptions o)
    {
        w.WriteStartArray();
        foreach (var agent in agents)
        {
            w.WriteStartObject();
            w.WriteString("objectType", "contextAgent");
            w.WritePropertyName("agent");
            WriteActor(w, agent.Agent, o);
            WriteStrings(w, "relevantTypes", agent.RelevantTypes);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteContextGroups(Utf8JsonWriter w, IReadOnlyList<ContextGroup> groups, XapiWriteOptions o)
    {
        w.WriteStartArray();
        foreach (var group in groups)
        {
            w.WriteStartObject();
            w.WriteString("objectType", "contextGroup");
            w.WritePropertyName("group");
            WriteActor(w, group.Group, o);
            WriteStrings(w, "relevantTypes", group.RelevantTypes);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void WriteActivities(Utf8JsonWriter w, string name, IReadOnlyList<Activity>? activities, XapiWriteOptions o)
    {
        if (activities is null)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var activity in activities)
        {
            WriteActivity(w, activity, o);
        }

        w.WriteEndArray();
    }

    private static void WriteAttachments(Utf8JsonWriter w, IReadOnlyList<Attachment>? attachments, XapiWriteOptions o)
    {
        if (attachments is null)
        {
            return;
        }

        w.WriteStartArray("attachments");
        foreach (var a in attachments)
        {
            w.WriteStartObject();
            w.WriteString("usageType", a.UsageType);
            WriteLanguageMap(w, "display", a.Display, o);
            if (a.Description is not null)
            {
                WriteLanguageMap(w, "description", a.Description, o);
            }

            w.WriteString("contentType", a.ContentType);
            w.WriteNumber("length", a.Length);
            w.WriteString("sha2", a.Sha2);
            if (a.FileUrl is not null)
            {
                w.WriteString("fileUrl", a.FileUrl);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteLanguageMap(Utf8JsonWriter w, string name, LanguageMap map, XapiWriteOptions o)
    {
        w.WriteStartObject(name);
        if (o.Format == StatementFormat.Canonical && map.Entries.Count > 0)
        {
            var pick = map.Pick(o.Languages ?? []);
            w.WriteString(pick.Key, pick.Value);
        }
        else
        {
            foreach (var entry in map.Entries)
            {
                w.WriteString(entry.Key, entry.Value);
            }
        }

        w.WriteEndObject();
    }

    private static void WriteExtensions(Utf8JsonWriter w, Extensions? extensions)
    {
        if (extensions is null)
        {
            return;
        }

        w.WriteStartObject("extensions");
        foreach (var entry in extensions.Entries)
        {
            w.WritePropertyName(entry.Key);
            entry.Value.WriteTo(w);
        }

        w.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }
}
