namespace Leerplatform.Web.Services.Xapi;

/// <summary>Settings under "Leerplatform:Xapi".</summary>
public sealed class XapiOptions
{
    public const string Section = "Leerplatform:Xapi";

    /// <summary>
    /// Base of every activity IRI and of the learners' account home page. Set it to an address the organisation
    /// controls before statements leave for a real LRS: IRIs must stay stable once they are out there.
    /// </summary>
    public string BaseIri { get; set; } = "https://leerplatform.example/";

    /// <summary>Largest statement request body accepted (bytes).</summary>
    public long MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most statements in one POST.</summary>
    public int MaxBatch { get; set; } = 500;

    /// <summary>Statements per page of GET /xapi/statements when the client gives no limit (and the most it may ask for).</summary>
    public int PageSize { get; set; } = 100;

    public int MaxPageSize { get; set; } = 1000;

    /// <summary>Statements per POST to an organisation's LRS.</summary>
    public int ForwardBatch { get; set; } = 50;

    /// <summary>First retry delay after a failed delivery; doubles per failure up to <see cref="MaxBackoff"/>, with jitter.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one call to an LRS may take.</summary>
    public TimeSpan LrsTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the outbox looks for work when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Development only: the demo organisation's statement-endpoint key and secret (README).</summary>
    public string? DemoKey { get; set; }

    public string? DemoSecret { get; set; }

    public string Base => BaseIri.EndsWith('/') ? BaseIri : BaseIri + "/";
}
