using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Leerplatform.Core.Xapi;

namespace Leerplatform.Benchmarks;

/// <summary>
/// Validation and serialisation of a typical statement (an answered choice question with its interaction
/// definition, result and context, ~1.5 KB), on one core: what the statement endpoint does per statement.
/// </summary>
[Config(typeof(InProcessConfig))]
[MemoryDiagnoser]
public class XapiBenchmarks
{
    private byte[] _json = [];
    private Statement _statement = default!;

    public const string Typical = """
        {"id":"6f1c2a5e-3b4d-4c8e-9a7b-1d2e3f4a5b6c","actor":{"objectType":"Agent","name":"Sam Peeters","account":{"homePage":"https://leerplatform.example/","name":"5e0c1f7a9d8b4c2e8f1a3b5c7d9e0f12"}},
        "verb":{"id":"http://adlnet.gov/expapi/verbs/answered","display":{"nl":"beantwoord","en":"answered"}},
        "object":{"id":"https://leerplatform.example/modules/m5-werken-met-een-tolk/v/1.2.0/quizzes/toets/questions/q3","definition":{"name":{"nl":"Wie tolkt bij een slechtnieuwsgesprek?"},"description":{"nl":"Wie tolkt bij een slechtnieuwsgesprek met dhr. K.?"},"type":"http://adlnet.gov/expapi/activities/cmi.interaction","interactionType":"choice","correctResponsesPattern":["a"],"choices":[{"id":"a","description":{"nl":"Een professionele tolk"}},{"id":"b","description":{"nl":"De zoon"}},{"id":"c","description":{"nl":"Een collega die Arabisch spreekt"}}]}},
        "result":{"score":{"scaled":1,"raw":1,"min":0,"max":1},"success":true,"response":"a","duration":"PT12.5S","extensions":{"https://leerplatform.example/xapi/extensions/feedback-shown":true,"https://leerplatform.example/xapi/extensions/certainty":3}},
        "context":{"registration":"ec531277-b57b-4c15-8d91-d292c5b2b8f7","contextActivities":{"parent":[{"id":"https://leerplatform.example/modules/m5-werken-met-een-tolk/quizzes/toets","definition":{"type":"http://adlnet.gov/expapi/activities/assessment"}}],"grouping":[{"id":"https://leerplatform.example/modules/m5-werken-met-een-tolk"}],"category":[{"id":"https://leerplatform.example/xapi/profile","definition":{"type":"http://adlnet.gov/expapi/activities/profile"}}],"other":[{"id":"https://leerplatform.example/competences/c4","definition":{"type":"http://adlnet.gov/expapi/activities/objective"}}]},"revision":"1.2.0","platform":"Leerplatform","language":"nl"},
        "timestamp":"2026-11-30T10:15:00.123Z"}
        """;

    [GlobalSetup]
    public void Setup()
    {
        _json = System.Text.Encoding.UTF8.GetBytes(Typical);
        _statement = XapiJsonReader.ParseStatement(Typical);
    }

    /// <summary>Parse, validate against 1.0.3, build the model, write it back: one statement through the endpoint's pipeline.</summary>
    [Benchmark]
    public int ValidateReadAndWrite()
    {
        using var document = JsonDocument.Parse(_json);
        var errors = StatementValidator.Validate(document.RootElement, XapiVersion.V1_0_3);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(errors[0].ToString());
        }

        return XapiJsonWriter.ToUtf8(XapiJsonReader.ReadStatement(document.RootElement)).Length;
    }

    [Benchmark]
    public int ValidateOnly()
    {
        using var document = JsonDocument.Parse(_json);
        return StatementValidator.Validate(document.RootElement, XapiVersion.V1_0_3).Count;
    }

    [Benchmark]
    public int ParseOnly()
    {
        using var document = JsonDocument.Parse(_json);
        return document.RootElement.GetArrayLengthSafe();
    }

    [Benchmark]
    public int ReadOnly()
    {
        using var document = JsonDocument.Parse(_json);
        return XapiJsonReader.ReadStatement(document.RootElement).Verb.Id.Length;
    }

    [Benchmark]
    public int WriteOnly() => XapiJsonWriter.ToUtf8(_statement).Length;
}

internal static class JsonElementExtensions
{
    public static int GetArrayLengthSafe(this JsonElement element) => element.ValueKind == JsonValueKind.Array ? element.GetArrayLength() : 0;
}
