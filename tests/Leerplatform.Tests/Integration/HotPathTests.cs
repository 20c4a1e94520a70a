using Leerplatform.Core.Content.Markdown;
using Leerplatform.Tests.Support;

namespace Leerplatform.Tests.Integration;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}

/// <summary>Pages are rendered once at load; requests only read the cached HTML.</summary>
[Collection(SerialCollection.Name)]
public sealed class HotPathTests
{
    [Fact]
    public async Task ServingPagesDoesNoMarkdownWork()
    {
        using var app = new AppFactory();
        var client = app.CreateClient();
        (await client.GetAsync("/modules/basis-module/inleiding")).EnsureSuccessStatusCode();
        var before = PageMarkdown.ParseCount;

        for (var i = 0; i < 5; i++)
        {
            (await client.GetAsync("/modules/basis-module/inleiding")).EnsureSuccessStatusCode();
            (await client.GetAsync("/modules/basis-module/tabellen")).EnsureSuccessStatusCode();
            (await client.GetAsync("/modules/basis-module")).EnsureSuccessStatusCode();
            (await client.GetAsync("/")).EnsureSuccessStatusCode();
        }

        Assert.Equal(before, PageMarkdown.ParseCount);
        Assert.True(before > 0);
    }
}
