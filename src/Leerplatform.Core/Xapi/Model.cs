using System.Text.Json;

namespace Leerplatform.Core.Xapi;

/// <summary>
/// The xAPI data model (1.0.3 and IEEE 9274.1.1 "2.0.0"). Immutable records; lists keep the order they were
/// read in so a statement written back is the statement that was read. Shape is checked by
/// <see cref="StatementValidator"/> on the raw JSON before <see cref="XapiJsonReader"/> builds these objects.
/// </summary>
public sealed record Statement
{
    public Guid? Id { get; init; }

    public required Actor Actor { get; init; }

    public required Verb Verb { get; init; }

    public required IStatementObject Object { get; init; }

    public Result? Result { get; init; }

    public Context? Context { get; init; }

    public XapiTimestamp? Timestamp { get; init; }

    public XapiTimestamp? Stored { get; init; }

    public Actor? Authority { get; init; }

    /// <summary>The xAPI version the statement was accepted under ("1.0.0", "1.0.3", "2.0.0").</summary>
    public string? Version { get; init; }

    public IReadOnlyList<Attachment>? Attachments { get; init; }
}

/// <summary>What a statement is about: an Activity, an Agent or Group, a StatementRef or a SubStatement.</summary>
public interface IStatementObject;

/// <summary>Common part of Agent and Group: a name and at most one inverse functional identifier (IFI).</summary>
public abstract record Actor : IStatementObject
{
    public string? Name { get; init; }

    public string? Mbox { get; init; }

    public string? MboxSha1Sum { get; init; }

    public string? OpenId { get; init; }

    public Account? Account { get; init; }

    public bool HasIdentifier => Mbox is not null || MboxSha1Sum is not null || OpenId is not null || Account is not null;

    /// <summary>
    /// A stable key for the IFI ("mbox:mailto:a@b", "account:https://home|name"), used to index and filter
    /// statements by agent; null for an anonymous Group.
    /// </summary>
    public string? IdentityKey =>
        Mbox is not null ? "mbox:" + Mbox
        : MboxSha1Sum is not null ? "mbox_sha1sum:" + MboxSha1Sum
        : OpenId is not null ? "openid:" + OpenId
        : Account is not null ? "account:" + Account.HomePage + "|" + Account.Name
        : null;
}

public sealed record Agent : Actor
{
    /// <summary>Whether the JSON said <c>"objectType": "Agent"</c> (optional except as a statement object).</summary>
    public bool ObjectTypeWritten { get; init; }
}

public sealed record Group : Actor
{
    public IReadOnlyList<Agent>? Member { get; init; }

    public bool IsAnonymous => !HasIdentifier;
}

public sealed record Account(string HomePage, string Name);

public sealed record Verb(string Id, LanguageMap? Display = null);

public sealed record Activity(string Id, ActivityDefinition? Definition = null) : IStatementObject
{
    public bool ObjectTypeWritten { get; init; }
}

public sealed record ActivityDefinition
{
    public LanguageMap? Name { get; init; }

    public LanguageMap? Description { get; init; }

    public string? Type { get; init; }

    public string? MoreInfo { get; init; }

    /// <summary>One of <see cref="InteractionTypes"/>, for the cmi.interaction style activities.</summary>
    public string? InteractionType { get; init; }

    public IReadOnlyList<string>? CorrectResponsesPattern { get; init; }

    public IReadOnlyList<InteractionComponent>? Choices { get; init; }

    public IReadOnlyList<InteractionComponent>? Scale { get; init; }

    public IReadOnlyList<InteractionComponent>? Source { get; init; }

    public IReadOnlyList<InteractionComponent>? Target { get; init; }

    public IReadOnlyList<InteractionComponent>? Steps { get; init; }

    public Extensions? Extensions { get; init; }
}

public static class InteractionTypes
{
    public const string TrueFalse = "true-false";
    public const string Choice = "choice";
    public const string FillIn = "fill-in";
    public const string LongFillIn = "long-fill-in";
    public const string Matching = "matching";
    public const string Performance = "performance";
    public const string Sequencing = "sequencing";
    public const string Likert = "likert";
    public const string Numeric = "numeric";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All =
        [TrueFalse, Choice, FillIn, LongFillIn, Matching, Performance, Sequencing, Likert, Numeric, Other];
}

public sealed record InteractionComponent(string Id, LanguageMap? Description = null);

public sealed record StatementRef(Guid Id) : IStatementObject;

public sealed record SubStatement : IStatementObject
{
    public required Actor Actor { get; init; }

    public required Verb Verb { get; init; }

    public required IStatementObject Object { get; init; }

    public Result? Result { get; init; }

    public Context? Context { get; init; }

    public XapiTimestamp? Timestamp { get; init; }

    public IReadOnlyList<Attachment>? Attachments { get; init; }
}

public sealed record Result
{
    public Score? Score { get; init; }

    public bool? Success { get; init; }

    public bool? Completion { get; init; }

    public string? Response { get; init; }

    public XapiDuration? Duration { get; init; }

    public Extensions? Extensions { get; init; }
}

public sealed record Score(double? Scaled = null, double? Raw = null, double? Min = null, double? Max = null);

public sealed record Context
{
    public Guid? Registration { get; init; }

    public Actor? Instructor { get; init; }

    public Group? Team { get; init; }

    public ContextActivities? ContextActivities { get; init; }

    public string? Revision { get; init; }

    public string? Platform { get; init; }

    public string? Language { get; init; }

    public StatementRef? Statement { get; init; }

    public Extensions? Extensions { get; init; }

    /// <summary>2.0.0 only; written into a context extension when a 1.0.3 LRS receives the statement.</summary>
    public IReadOnlyList<ContextAgent>? ContextAgents { get; init; }

    /// <summary>2.0.0 only; see <see cref="ContextAgents"/>.</summary>
    public IReadOnlyList<ContextGroup>? ContextGroups { get; init; }
}

/// <summary>Always lists: the LRS returns a single Activity given here as an array of one (xAPI 1.0.3 §2.4.6.2).</summary>
public sealed record ContextActivities
{
    public IReadOnlyList<Activity>? Parent { get; init; }

    public IReadOnlyList<Activity>? Grouping { get; init; }

    public IReadOnlyList<Activity>? Category { get; init; }

    public IReadOnlyList<Activity>? Other { get; init; }

    public IEnumerable<Activity> All =>
        (Parent ?? []).Concat(Grouping ?? []).Concat(Category ?? []).Concat(Other ?? []);
}

public sealed record ContextAgent(Agent Agent, IReadOnlyList<string>? RelevantTypes = null);

public sealed record ContextGroup(Group Group, IReadOnlyList<string>? RelevantTypes = null);

public sealed record Attachment
{
    public required string UsageType { get; init; }

    public required LanguageMap Display { get; init; }

    public LanguageMap? Description { get; init; }

    public required string ContentType { get; init; }

    public required long Length { get; init; }

    public required string Sha2 { get; init; }

    public string? FileUrl { get; init; }
}

/// <summary>A language map: RFC 5646 tag → text, in the order written.</summary>
public sealed class LanguageMap(IReadOnlyList<KeyValuePair<string, string>> entries)
{
    public IReadOnlyList<KeyValuePair<string, string>> Entries { get; } = entries;

    public static LanguageMap Of(params (string Language, string Text)[] entries) =>
        new(entries.Select(e => KeyValuePair.Create(e.Language, e.Text)).ToList());

    /// <summary>The text for the first of <paramref name="languages"/> present (prefix match: "nl" finds "nl-BE"), else the first entry.</summary>
    public KeyValuePair<string, string> Pick(IEnumerable<string> languages)
    {
        foreach (var language in languages)
        {
            foreach (var entry in Entries)
            {
                if (string.Equals(entry.Key, language, StringComparison.OrdinalIgnoreCase)
                    || entry.Key.StartsWith(language + "-", StringComparison.OrdinalIgnoreCase))
                {
                    return entry;
                }
            }
        }

        return Entries[0];
    }
}

/// <summary>Extensions: IRI → any JSON value, kept verbatim.</summary>
public sealed class Extensions(IReadOnlyList<KeyValuePair<string, JsonElement>> entries)
{
    public IReadOnlyList<KeyValuePair<string, JsonElement>> Entries { get; } = entries;

    public static Extensions Of(params (string Iri, object? Value)[] entries) =>
        new(entries.Select(e => KeyValuePair.Create(e.Iri, JsonSerializer.SerializeToElement(e.Value, XapiJsonReader.ExtensionValueOptions))).ToList());

    public JsonElement? Get(string iri)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key == iri)
            {
                return entry.Value;
            }
        }

        return null;
    }
}
